package modules

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is time.strptime(string, format="%a %b %d %H:%M:%S %Y"),
// following CPython's _strptime in the C locale: the format becomes a
// regular expression (case-insensitive; whitespace matches any run of
// whitespace), and the fields found become a 9-tuple with tm_isdst -1
// unless %Z named a zone. Directives: %a %A %b %B %c %d %f %G %H %I %j
// %m %M %p %S %u %U %V %w %W %x %X %y %Y %z %Z %%.

var strptimeDirectives = map[byte]string{
	'd': `(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])`,
	'f': `(?P<f>[0-9]{1,6})`,
	'H': `(?P<H>2[0-3]|[0-1]\d|\d)`,
	'I': `(?P<I>1[0-2]|0[1-9]|[1-9])`,
	'G': `(?P<G>\d\d\d\d)`,
	'j': `(?P<j>36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])`,
	'm': `(?P<m>1[0-2]|0[1-9]|[1-9])`,
	'M': `(?P<M>[0-5]\d|\d)`,
	'S': `(?P<S>6[0-1]|[0-5]\d|\d)`,
	'U': `(?P<U>5[0-3]|[0-4]\d|\d)`,
	'W': `(?P<W>5[0-3]|[0-4]\d|\d)`,
	'w': `(?P<w>[0-6])`,
	'u': `(?P<u>[1-7])`,
	'V': `(?P<V>5[0-3]|0[1-9]|[1-4]\d|\d)`,
	'y': `(?P<y>\d\d)`,
	'Y': `(?P<Y>\d\d\d\d)`,
	'z': `(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z))`,
	'A': wordsRE("A", fullDays()),
	'a': wordsRE("a", abbrev(fullDays())),
	'B': wordsRE("B", fullMonths()),
	'b': wordsRE("b", abbrev(fullMonths())),
	'p': wordsRE("p", []string{"am", "pm"}),
	'%': "%",
}

// The C locale's %c, %x and %X.
var strptimeExpansions = map[byte]string{'c': "%a %b %d %H:%M:%S %Y", 'x': "%m/%d/%y", 'X': "%H:%M:%S"}

// fullDays is Monday..Sunday in lower case, Python's weekday order.
func fullDays() []string {
	out := make([]string, 7)
	for i := range out {
		out[i] = strings.ToLower(days[(i+1)%7])
	}
	return out
}

func fullMonths() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = strings.ToLower(time.Month(i + 1).String())
	}
	return out
}

func abbrev(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n[:3]
	}
	return out
}

// wordsRE is a group named name matching any of words, longest first.
func wordsRE(name string, words []string) string {
	words = append([]string(nil), words...)
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	if len(words) == 0 || words[0] == "" {
		return ""
	}
	return "(?P<" + name + ">" + strings.Join(words, "|") + ")"
}

// strptimeSpecial and strptimeSpace are compiled when first used, as
// every pattern of the binary is, so that start-up compiles none.
var (
	strptimeSpecial = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([\\.^$*+?(){}\[\]|])`) })
	strptimeSpace   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
)

// strptimePattern is the regular expression for format, or the bad
// directive (a byte, or "" for a stray % at the end).
func strptimePattern(format string, zones []string) (string, *string) {
	format = strptimeSpecial().ReplaceAllString(format, `\$1`)
	format = strptimeSpace().ReplaceAllString(format, `\s+`)
	var out strings.Builder
	for {
		i := strings.IndexByte(format, '%')
		if i < 0 {
			break
		}
		out.WriteString(format[:i])
		if i+1 == len(format) {
			bad := ""
			return "", &bad
		}
		c := format[i+1]
		if exp, ok := strptimeExpansions[c]; ok {
			p, bad := strptimePattern(exp, zones)
			if bad != nil {
				return "", bad
			}
			out.WriteString(p)
		} else if c == 'Z' {
			out.WriteString(wordsRE("Z", zones))
		} else if re, ok := strptimeDirectives[c]; ok {
			out.WriteString(re)
		} else {
			bad := string(c)
			return "", &bad
		}
		format = format[i+2:]
	}
	out.WriteString(format)
	return out.String(), nil
}

func timeStrptime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv, fv starlark.Value = nil, starlark.String("%a %b %d %H:%M:%S %Y")
	if err := starlark.UnpackPositionalArgs("strptime", args, kwargs, 1, &sv, &fv); err != nil {
		return nil, err
	}
	for i, v := range []starlark.Value{sv, fv} {
		if _, ok := v.(starlark.String); !ok {
			return nil, pyerr.Errorf("TypeError", "strptime() argument %d must be str, not <class '%s'>", i, pyType(v))
		}
	}
	tm, err := strptime(string(sv.(starlark.String)), string(fv.(starlark.String)), localZone(time.Now()))
	if err != nil {
		return nil, err
	}
	out := make(starlark.Tuple, 9)
	for i, n := range tm {
		out[i] = starlark.MakeInt(n)
	}
	return StructTime{out}, nil
}

// strptime is _strptime._strptime: the 9 fields of a struct_time for
// data read as format, in the local zone described by zone (localZone).
func strptime(data, format string, zone starlark.StringDict) ([9]int, error) {
	var tm [9]int
	names := zone["tzname"].(starlark.Tuple)
	std, dst := strings.ToLower(string(names[0].(starlark.String))), strings.ToLower(string(names[1].(starlark.String)))
	daylight := zone["daylight"] != starlark.MakeInt(0)
	noSaving := []string{"utc", "gmt", std}
	var saving []string
	if daylight {
		saving = []string{dst}
	}
	pattern, bad := strptimePattern(format, append(dedupe(noSaving), saving...))
	if bad != nil {
		if *bad == "" {
			return tm, pyerr.Errorf("ValueError", "stray %% in format '%s'", format)
		}
		if *bad == `\` {
			*bad = "%"
		}
		return tm, pyerr.Errorf("ValueError", "'%s' is a bad directive in format '%s'", *bad, format)
	}
	re, err := regexp.Compile("(?i)^(?:" + pattern + ")")
	if err != nil {
		return tm, pyerr.Errorf("re.error", "%v", err)
	}
	m := re.FindStringSubmatchIndex(data)
	if m == nil {
		return tm, pyerr.Errorf("ValueError", "time data %s does not match format %s", oserr.Quote(data), oserr.Quote(format))
	}
	if m[1] != len(data) {
		return tm, pyerr.Errorf("ValueError", "unconverted data remains: %s", data[m[1]:])
	}
	found := map[string]string{}
	var order []string
	for i, name := range re.SubexpNames() {
		if name != "" && m[2*i] >= 0 {
			if _, dup := found[name]; !dup {
				order = append(order, name)
			}
			found[name] = data[m[2*i]:m[2*i+1]]
		}
	}
	year, isoYear, isoWeek, weekOfYear, weekday, julian := -1, -1, -1, -1, -1, -1
	month, day, hour, minute, second, tz := 1, 1, 0, 0, 0, -1
	weekStartsMon := false
	atoi := func(s string) int { n, _ := strconv.Atoi(strings.TrimSpace(s)); return n }
	for _, key := range order {
		v := found[key]
		switch key {
		case "y":
			year = atoi(v)
			if year <= 68 {
				year += 2000
			} else {
				year += 1900
			}
		case "Y":
			year = atoi(v)
		case "G":
			isoYear = atoi(v)
		case "m":
			month = atoi(v)
		case "B":
			month = indexOf(fullMonths(), strings.ToLower(v)) + 1
		case "b":
			month = indexOf(abbrev(fullMonths()), strings.ToLower(v)) + 1
		case "d":
			day = atoi(v)
		case "H":
			hour = atoi(v)
		case "I":
			hour = atoi(v)
			switch strings.ToLower(found["p"]) {
			case "", "am":
				if hour == 12 {
					hour = 0
				}
			case "pm":
				if hour != 12 {
					hour += 12
				}
			}
		case "M":
			minute = atoi(v)
		case "S":
			second = atoi(v)
		case "A":
			weekday = indexOf(fullDays(), strings.ToLower(v))
		case "a":
			weekday = indexOf(abbrev(fullDays()), strings.ToLower(v))
		case "w":
			weekday = (atoi(v) + 6) % 7
		case "u":
			weekday = atoi(v) - 1
		case "j":
			julian = atoi(v)
		case "U", "W":
			weekOfYear, weekStartsMon = atoi(v), key == "W"
		case "V":
			isoWeek = atoi(v)
		case "z":
			if v != "Z" && len(v) > 3 && v[3] == ':' {
				z := v[:3] + v[4:]
				if len(z) > 5 && z[5] != ':' {
					return tm, pyerr.Errorf("ValueError", "Inconsistent use of : in %s", v)
				}
			}
		case "Z":
			z := strings.ToLower(v)
			switch {
			case names[0] == names[1] && daylight && z != "utc" && z != "gmt":
			case indexOf(noSaving, z) >= 0:
				tz = 0
			case indexOf(saving, z) >= 0:
				tz = 1
			}
		}
	}
	if year < 0 && isoYear >= 0 {
		if isoWeek < 0 || weekday < 0 {
			return tm, pyerr.Errorf("ValueError", "ISO year directive '%%G' must be used with the ISO week directive '%%V' and a weekday directive ('%%A', '%%a', '%%w', or '%%u').")
		}
		if julian >= 0 {
			return tm, pyerr.Errorf("ValueError", "Day of the year directive '%%j' is not compatible with ISO year directive '%%G'. Use '%%Y' instead.")
		}
	} else if weekOfYear < 0 && isoWeek >= 0 {
		if weekday < 0 {
			return tm, pyerr.Errorf("ValueError", "ISO week directive '%%V' must be used with the ISO year directive '%%G' and a weekday directive ('%%A', '%%a', '%%w', or '%%u').")
		}
		return tm, pyerr.Errorf("ValueError", "ISO week directive '%%V' is incompatible with the year directive '%%Y'. Use the ISO year '%%G' instead.")
	}
	leapYearFix := false
	if year < 0 && month == 2 && day == 29 {
		year, leapYearFix = 1904, true
	} else if year < 0 {
		year = 1900
	}
	haveJulian := julian >= 0
	if !haveJulian && weekday >= 0 {
		if weekOfYear >= 0 {
			julian, haveJulian = julianFromWeek(year, weekOfYear, weekday, weekStartsMon), true
		} else if isoYear >= 0 && isoWeek >= 0 {
			year, julian = julianFromISOWeek(isoYear, isoWeek, weekday+1)
			haveJulian = true
		}
		if haveJulian && julian <= 0 {
			year--
			julian += 365
			if isLeap(year) {
				julian++
			}
		}
	}
	if !haveJulian {
		if err := checkDate(year, month, day); err != nil {
			return tm, err
		}
		julian = date(year, month, day).YearDay()
	} else {
		if year < 1 || year > 9999 {
			return tm, pyerr.Errorf("ValueError", "year %d is out of range", year)
		}
		d := date(year, 1, 1).AddDate(0, 0, julian-1)
		if d.Year() < 1 || d.Year() > 9999 {
			return tm, pyerr.Errorf("ValueError", "year %d is out of range", d.Year())
		}
		year, month, day = d.Year(), int(d.Month()), d.Day()
	}
	if weekday < 0 {
		weekday = (int(date(year, month, day).Weekday()) + 6) % 7
	}
	if leapYearFix {
		year = 1900
	}
	return [9]int{year, month, day, hour, minute, second, weekday, julian, tz}, nil
}

func date(year, month, day int) time.Time {
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// checkDate is datetime.date(year, month, day)'s check.
func checkDate(year, month, day int) error {
	if year < 1 || year > 9999 {
		return pyerr.Errorf("ValueError", "year %d is out of range", year)
	}
	if month < 1 || month > 12 {
		return pyerr.Errorf("ValueError", "month must be in 1..12")
	}
	if day < 1 || day > date(year, month+1, 0).Day() {
		return pyerr.Errorf("ValueError", "day is out of range for month")
	}
	return nil
}

func isLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

// julianFromWeek is _calc_julian_from_U_or_W: the day of the year of
// weekday (Monday 0) in week weekOfYear (%U counts from Sunday, %W from
// Monday).
func julianFromWeek(year, weekOfYear, weekday int, startsMon bool) int {
	first := (int(date(year, 1, 1).Weekday()) + 6) % 7
	if !startsMon {
		first = (first + 1) % 7
		weekday = (weekday + 1) % 7
	}
	if weekOfYear == 0 {
		return 1 + weekday - first
	}
	week0 := (7 - first) % 7
	return 1 + week0 + 7*(weekOfYear-1) + weekday
}

// julianFromISOWeek is _calc_julian_from_V: the year and day of the year
// of an ISO year, week and weekday (Monday 1).
func julianFromISOWeek(isoYear, isoWeek, isoWeekday int) (int, int) {
	jan4 := (int(date(isoYear, 1, 4).Weekday())+6)%7 + 1
	ordinal := isoWeek*7 + isoWeekday - (jan4 + 3)
	if ordinal < 1 {
		isoYear--
		ordinal += 365
		if isLeap(isoYear) {
			ordinal++
		}
	}
	return isoYear, ordinal
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if indexOf(out, x) < 0 {
			out = append(out, x)
		}
	}
	return out
}
