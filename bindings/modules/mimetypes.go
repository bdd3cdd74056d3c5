package modules

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewMimetypes makes the mimetypes module of one interpreter: file
// types from names and URLs, from CPython 3.11's built-in table (the
// system's /etc/mime.types, which CPython also reads, is not read: the
// answers do not depend on the machine).
//
//	guess_type(url, strict=True) -> (type, encoding)   either may be None
//	guess_extension(type, strict=True) -> ".ext" or None
//	guess_all_extensions(type, strict=True) -> list
//	add_type(type, ext, strict=True)
//	types_map, common_types, encodings_map, suffix_map   the tables, as dicts
//	init(files=None)   accepted; reads nothing
//
// The dicts are the tables guess_type reads, as in Python: a program
// may change them.
func NewMimetypes() *Lazy {
	return NewLazy("mimetypes", func() starlark.StringDict {
		db := newMimeDB()
		return class.BuiltinsInPlace(starlark.StringDict{
			"guess_type":           starlark.NewBuiltin("guess_type", db.guessType),
			"guess_extension":      starlark.NewBuiltin("guess_extension", db.guessExtensions),
			"guess_all_extensions": starlark.NewBuiltin("guess_all_extensions", db.guessExtensions),
			"add_type":             starlark.NewBuiltin("add_type", db.addTypeBuiltin),
			"init":                 starlark.NewBuiltin("init", mimeInit),
			"types_map":            db.types[1],
			"common_types":         db.types[0],
			"encodings_map":        db.encodings,
			"suffix_map":           db.suffixes,
		})
	})
}

// mimeDB is CPython's MimeTypes: types by extension, and extensions by
// type, each for strict ([1]) and non-strict ([0]) use.
type mimeDB struct {
	types               [2]*starlark.Dict
	extensions          [2]map[string][]string
	encodings, suffixes *starlark.Dict
}

func newMimeDB() *mimeDB {
	db := &mimeDB{
		types:      [2]*starlark.Dict{starlark.NewDict(len(mimeCommonTypes)), starlark.NewDict(len(mimeTypes))},
		extensions: [2]map[string][]string{{}, {}},
		encodings:  starlark.NewDict(len(mimeEncodings)),
		suffixes:   starlark.NewDict(len(mimeSuffixes)),
	}
	for _, t := range mimeTypes {
		db.addType(t[1], t[0], 1)
	}
	for _, t := range mimeCommonTypes {
		db.addType(t[1], t[0], 0)
	}
	for _, e := range mimeEncodings {
		db.encodings.SetKey(starlark.String(e[0]), starlark.String(e[1]))
	}
	for _, s := range mimeSuffixes {
		db.suffixes.SetKey(starlark.String(s[0]), starlark.String(s[1]))
	}
	return db
}

func (db *mimeDB) addType(typ, ext string, strict int) {
	db.types[strict].SetKey(starlark.String(ext), starlark.String(typ))
	for _, e := range db.extensions[strict][typ] {
		if e == ext {
			return
		}
	}
	db.extensions[strict][typ] = append(db.extensions[strict][typ], ext)
}

// lookup is table[key] when it is a str.
func lookup(table *starlark.Dict, key string) (string, bool) {
	v, found, _ := table.Get(starlark.String(key))
	s, ok := v.(starlark.String)
	return string(s), found && ok
}

// splitext is posixpath.splitext: the extension is from the last dot
// of the last component, unless the dots all lead the name.
func splitext(p string) (string, string) {
	dot := strings.LastIndexByte(p, '.')
	start := strings.LastIndexByte(p, '/') + 1
	if dot < start {
		return p, ""
	}
	for i := start; i < dot; i++ {
		if p[i] != '.' {
			return p[:dot], p[dot:]
		}
	}
	return p, ""
}

// guess is CPython's MimeTypes.guess_type.
func (db *mimeDB) guess(url string, strict bool) (typ, encoding starlark.Value) {
	// urllib.parse._splittype: a scheme is what comes before the first
	// ':' when that part has no '/'
	if i := strings.IndexByte(url, ':'); i > 0 && !strings.Contains(url[:i], "/") {
		if strings.ToLower(url[:i]) == "data" {
			data := url[i+1:]
			comma := strings.IndexByte(data, ',')
			if comma < 0 {
				return starlark.None, starlark.None
			}
			t := data[:comma]
			if semi := strings.IndexByte(t, ';'); semi >= 0 {
				t = t[:semi]
			}
			if strings.Contains(t, "=") || !strings.Contains(t, "/") {
				t = "text/plain"
			}
			return starlark.String(t), starlark.None
		}
		url = url[i+1:]
	}
	base, ext := splitext(url)
	for {
		s, ok := lookup(db.suffixes, strings.ToLower(ext))
		if !ok {
			break
		}
		base, ext = splitext(base + s)
	}
	encoding = starlark.None
	if e, ok := lookup(db.encodings, ext); ok {
		encoding = starlark.String(e)
		base, ext = splitext(base)
	}
	ext = strings.ToLower(ext)
	if t, ok := lookup(db.types[1], ext); ok {
		return starlark.String(t), encoding
	}
	if !strict {
		if t, ok := lookup(db.types[0], ext); ok {
			return starlark.String(t), encoding
		}
	}
	return starlark.None, encoding
}

func (db *mimeDB) guessType(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		// without UnpackArgs, which puts its variables on the heap
		return db.guessValue(args[0], true)
	}
	var url, strict starlark.Value = nil, starlark.True
	if err := starlark.UnpackArgs("guess_type", args, kwargs, "url", &url, "strict?", &strict); err != nil {
		return nil, err
	}
	return db.guessValue(url, bool(strict.Truth()))
}

// guessValue is guess_type(url, strict).
func (db *mimeDB) guessValue(url starlark.Value, strict bool) (starlark.Value, error) {
	s, ok := url.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "expected str, bytes or os.PathLike object, not %s", pyType(url))
	}
	typ, enc := db.guess(string(s), strict)
	return starlark.Tuple{typ, enc}, nil
}

// guessExtensions is guess_all_extensions, and guess_extension (the
// first of them, or None).
func (db *mimeDB) guessExtensions(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var typ string
	var strict starlark.Value = starlark.True
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "type", &typ, "strict?", &strict); err != nil {
		return nil, err
	}
	typ = strings.ToLower(typ)
	exts := append([]string(nil), db.extensions[1][typ]...)
	if !strict.Truth() {
	more:
		for _, e := range db.extensions[0][typ] {
			for _, have := range exts {
				if have == e {
					continue more
				}
			}
			exts = append(exts, e)
		}
	}
	if b.Name() == "guess_extension" {
		if len(exts) == 0 {
			return starlark.None, nil
		}
		return starlark.String(exts[0]), nil
	}
	list := make([]starlark.Value, len(exts))
	for i, e := range exts {
		list[i] = starlark.String(e)
	}
	return starlark.NewList(list), nil
}

func (db *mimeDB) addTypeBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var typ, ext string
	var strict starlark.Value = starlark.True
	if err := starlark.UnpackArgs("add_type", args, kwargs, "type", &typ, "ext", &ext, "strict?", &strict); err != nil {
		return nil, err
	}
	s := 0
	if strict.Truth() {
		s = 1
	}
	db.addType(typ, ext, s)
	return starlark.None, nil
}

func mimeInit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var files starlark.Value
	if err := starlark.UnpackArgs("init", args, kwargs, "files?", &files); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// mimeTypes are CPython 3.11's built-in types by extension, in its order
// (which decides guess_extension's answer).
var mimeTypes = [][2]string{
	{".js", "application/javascript"}, {".mjs", "application/javascript"},
	{".json", "application/json"}, {".webmanifest", "application/manifest+json"},
	{".doc", "application/msword"}, {".dot", "application/msword"}, {".wiz", "application/msword"},
	{".nq", "application/n-quads"}, {".nt", "application/n-triples"},
	{".bin", "application/octet-stream"}, {".a", "application/octet-stream"},
	{".dll", "application/octet-stream"}, {".exe", "application/octet-stream"},
	{".o", "application/octet-stream"}, {".obj", "application/octet-stream"},
	{".so", "application/octet-stream"}, {".oda", "application/oda"}, {".pdf", "application/pdf"},
	{".p7c", "application/pkcs7-mime"}, {".ps", "application/postscript"},
	{".ai", "application/postscript"}, {".eps", "application/postscript"},
	{".trig", "application/trig"}, {".m3u", "application/vnd.apple.mpegurl"},
	{".m3u8", "application/vnd.apple.mpegurl"}, {".xls", "application/vnd.ms-excel"},
	{".xlb", "application/vnd.ms-excel"}, {".ppt", "application/vnd.ms-powerpoint"},
	{".pot", "application/vnd.ms-powerpoint"}, {".ppa", "application/vnd.ms-powerpoint"},
	{".pps", "application/vnd.ms-powerpoint"}, {".pwz", "application/vnd.ms-powerpoint"},
	{".wasm", "application/wasm"}, {".bcpio", "application/x-bcpio"}, {".cpio", "application/x-cpio"},
	{".csh", "application/x-csh"}, {".dvi", "application/x-dvi"}, {".gtar", "application/x-gtar"},
	{".hdf", "application/x-hdf"}, {".h5", "application/x-hdf5"}, {".latex", "application/x-latex"},
	{".mif", "application/x-mif"}, {".cdf", "application/x-netcdf"}, {".nc", "application/x-netcdf"},
	{".p12", "application/x-pkcs12"}, {".pfx", "application/x-pkcs12"},
	{".ram", "application/x-pn-realaudio"}, {".pyc", "application/x-python-code"},
	{".pyo", "application/x-python-code"}, {".sh", "application/x-sh"},
	{".shar", "application/x-shar"}, {".swf", "application/x-shockwave-flash"},
	{".sv4cpio", "application/x-sv4cpio"}, {".sv4crc", "application/x-sv4crc"},
	{".tar", "application/x-tar"}, {".tcl", "application/x-tcl"}, {".tex", "application/x-tex"},
	{".texi", "application/x-texinfo"}, {".texinfo", "application/x-texinfo"},
	{".roff", "application/x-troff"}, {".t", "application/x-troff"}, {".tr", "application/x-troff"},
	{".man", "application/x-troff-man"}, {".me", "application/x-troff-me"},
	{".ms", "application/x-troff-ms"}, {".ustar", "application/x-ustar"},
	{".src", "application/x-wais-source"}, {".xsl", "application/xml"}, {".rdf", "application/xml"},
	{".wsdl", "application/xml"}, {".xpdl", "application/xml"}, {".zip", "application/zip"},
	{".3gp", "audio/3gpp"}, {".3gpp", "audio/3gpp"}, {".3g2", "audio/3gpp2"},
	{".3gpp2", "audio/3gpp2"}, {".aac", "audio/aac"}, {".adts", "audio/aac"}, {".loas", "audio/aac"},
	{".ass", "audio/aac"}, {".au", "audio/basic"}, {".snd", "audio/basic"}, {".mp3", "audio/mpeg"},
	{".mp2", "audio/mpeg"}, {".opus", "audio/opus"}, {".aif", "audio/x-aiff"},
	{".aifc", "audio/x-aiff"}, {".aiff", "audio/x-aiff"}, {".ra", "audio/x-pn-realaudio"},
	{".wav", "audio/x-wav"}, {".avif", "image/avif"}, {".bmp", "image/bmp"}, {".gif", "image/gif"},
	{".ief", "image/ief"}, {".jpg", "image/jpeg"}, {".jpe", "image/jpeg"}, {".jpeg", "image/jpeg"},
	{".heic", "image/heic"}, {".heif", "image/heif"}, {".png", "image/png"},
	{".svg", "image/svg+xml"}, {".tiff", "image/tiff"}, {".tif", "image/tiff"},
	{".ico", "image/vnd.microsoft.icon"}, {".ras", "image/x-cmu-raster"},
	{".pnm", "image/x-portable-anymap"}, {".pbm", "image/x-portable-bitmap"},
	{".pgm", "image/x-portable-graymap"}, {".ppm", "image/x-portable-pixmap"},
	{".rgb", "image/x-rgb"}, {".xbm", "image/x-xbitmap"}, {".xpm", "image/x-xpixmap"},
	{".xwd", "image/x-xwindowdump"}, {".eml", "message/rfc822"}, {".mht", "message/rfc822"},
	{".mhtml", "message/rfc822"}, {".nws", "message/rfc822"}, {".css", "text/css"},
	{".csv", "text/csv"}, {".html", "text/html"}, {".htm", "text/html"}, {".n3", "text/n3"},
	{".txt", "text/plain"}, {".bat", "text/plain"}, {".c", "text/plain"}, {".h", "text/plain"},
	{".ksh", "text/plain"}, {".pl", "text/plain"}, {".srt", "text/plain"}, {".rtx", "text/richtext"},
	{".tsv", "text/tab-separated-values"}, {".vtt", "text/vtt"}, {".py", "text/x-python"},
	{".etx", "text/x-setext"}, {".sgm", "text/x-sgml"}, {".sgml", "text/x-sgml"},
	{".vcf", "text/x-vcard"}, {".xml", "text/xml"}, {".mp4", "video/mp4"}, {".mpeg", "video/mpeg"},
	{".m1v", "video/mpeg"}, {".mpa", "video/mpeg"}, {".mpe", "video/mpeg"}, {".mpg", "video/mpeg"},
	{".mov", "video/quicktime"}, {".qt", "video/quicktime"}, {".webm", "video/webm"},
	{".avi", "video/x-msvideo"}, {".movie", "video/x-sgi-movie"},
}

// mimeCommonTypes are the common but non-standard types guess_type
// knows when strict is False.
var mimeCommonTypes = [][2]string{
	{".rtf", "application/rtf"}, {".midi", "audio/midi"}, {".mid", "audio/midi"},
	{".jpg", "image/jpg"}, {".pict", "image/pict"}, {".pct", "image/pict"}, {".pic", "image/pict"},
	{".webp", "image/webp"}, {".xul", "text/xul"},
}

// mimeEncodings are the extensions that name an encoding.
var mimeEncodings = [][2]string{
	{".gz", "gzip"}, {".Z", "compress"}, {".bz2", "bzip2"}, {".xz", "xz"}, {".br", "br"},
}

// mimeSuffixes are the extensions that stand for two.
var mimeSuffixes = [][2]string{
	{".svgz", ".svg.gz"}, {".tgz", ".tar.gz"}, {".taz", ".tar.gz"}, {".tz", ".tar.gz"},
	{".tbz2", ".tar.bz2"}, {".txz", ".tar.xz"},
}
