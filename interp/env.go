package interp

import (
	"fmt"
	"maps"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/asynchat"
	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/logging"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/optparse"
	"github.com/pyasync/pyasync/bindings/pybuiltins"
	"github.com/pyasync/pyasync/bindings/pyfmt"
	"github.com/pyasync/pyasync/bindings/pyvalue"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/bindings/ssl"
)

// predeclared is the environment every script starts with.
func (in *Interp) predeclared() starlark.StringDict {
	pyvalue.Install()
	sys := modules.NewSys(in.cfg.Argv, in.cfg.Stdin, in.cfg.Stdout, in.cfg.Stderr, in.cfg.Worker, in.cfg.Workers, Version)
	warnings := modules.NewWarnings(in.cfg.Stderr)
	// made at its full size (some 160 names), not grown from the 19 below
	env := make(starlark.StringDict, 160)
	maps.Copy(env, starlark.StringDict{
		"__name__": starlark.String("__main__"),
		"rawstr":   starlark.NewBuiltin("rawstr", rawstr),
		"rawbytes": starlark.NewBuiltin("rawbytes", rawbytes),
		"unichr":   starlark.NewBuiltin("unichr", unichr),
		"sum":      starlark.NewBuiltin("sum", sum),
		"sprintf":  pyfmt.Builtin,
		"asyncore": in.Asyncore.Value(),
		"asynchat": asynchat.New(in.Asyncore).Value(),
		"socket":   pysocket.NewModule(),
		"errno":    modules.NewErrno(),
		"time":     modules.NewTime(),
		"os":       modules.NewOS(),
		"signal":   modules.Signal,
		"re":       modules.NewRe(),
		"sys":      sys,
		"getopt":   modules.NewGetopt(),
		"warnings": warnings,
		"logging":  logging.New(logging.Config{Stderr: in.cfg.Stderr, Warnings: warnings}),
		"optparse": optparse.New(optparse.Config{Stdout: in.cfg.Stdout, Stderr: in.cfg.Stderr, Sys: sys.(starlark.HasAttrs)}),
	})
	for k, v := range modules.Library() {
		env[k] = v
	}
	env["__doc__"] = starlark.None // a file's docstring, when it has one (ExecFile, import_module)
	env["import_module"] = starlark.NewBuiltin("import_module", in.importModule)
	env["__import__"] = starlark.NewBuiltin("__import__", in.dunderImport)
	env["globals"] = starlark.NewBuiltin("globals", globalsBuiltin)
	env["locals"] = starlark.NewBuiltin("locals", localsBuiltin)
	env["vars"] = starlark.NewBuiltin("vars", vars)
	env["bytearray"] = modules.BytearrayBuiltin
	for k, v := range class.Builtins {
		env[k] = v
	}
	var exit starlark.Value
	if sys, ok := sys.(starlark.HasAttrs); ok {
		exit, _ = sys.Attr("exit")
	}
	env["input"] = input(sys)
	for k, v := range pybuiltins.New(pybuiltins.Config{Stdout: in.cfg.Stdout, Exit: exit}) {
		env[k] = v
	}
	for k, v := range exceptions.Builtins() {
		env[k] = v
	}
	env["traceback"] = modules.NewTraceback(in.cfg.Stderr)
	env["select"] = modules.NewLazy("select", func() starlark.StringDict {
		m := exceptions.ModuleMembers("select")
		for k, v := range modules.SelectFunctions() {
			m[k] = v
		}
		return m
	})
	// binary data and the web's encodings, each made when first used
	env["struct"] = modules.NewStruct()
	env["binascii"] = modules.NewBinascii()
	env["base64"] = modules.NewBase64()
	env["hashlib"] = modules.NewHashlib()
	env["html"] = modules.NewHTML()
	env["urllib"] = modules.NewURLLib()
	env["mimetypes"] = modules.NewMimetypes()
	env["email"] = modules.NewEmail()
	env["smtplib"] = modules.NewSmtplib(in.cfg.Stderr, env["socket"].(starlark.HasAttrs))
	env["io"] = modules.NewIO()
	env["_io"] = modules.NewUnderscoreIO()
	env["_thread"] = modules.NewThread()
	env["threading"] = modules.NewThreading()
	env["http"] = modules.NewHTTP(in.cfg.Stdout)
	env["xmlrpc"] = modules.NewXMLRPC()
	env["configparser"] = modules.NewConfigparser()
	env["datetime"] = modules.NewDatetime()
	env["ssl"] = ssl.New()
	if sys, ok := env["sys"].(*starlarkstruct.Module); ok {
		sys.Members["exc_info"] = exceptions.ExcInfo
	}
	modules.AddSysModules(env)
	return env
}

// sum(iterable, start=0) is Python's: start plus the items, added with
// +, for numbers (Python refuses strings there; so does this, pointing to
// "".join).
func sum(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var xs starlark.Iterable
	var total starlark.Value = starlark.MakeInt(0)
	if err := starlark.UnpackArgs("sum", args, kwargs, "iterable", &xs, "start?", &total); err != nil {
		return nil, err
	}
	if _, ok := total.(starlark.String); ok {
		return nil, fmt.Errorf("sum: can't sum strings (use \"\".join(seq) instead)")
	}
	iter := xs.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		var err error
		if total, err = starlark.Binary(syntax.PLUS, total, x); err != nil {
			return nil, err // worded as Python's +
		}
	}
	return total, nil
}

// rawstr(x) turns bytes, or a list of ints 0-255, into a str holding
// exactly those bytes.
func rawstr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("rawstr", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	switch x := x.(type) {
	case starlark.Bytes:
		return starlark.String(x), nil
	case starlark.String:
		return x, nil
	case starlark.Iterable:
		var out []byte
		iter := x.Iterate()
		defer iter.Done()
		var v starlark.Value
		for iter.Next(&v) {
			n, err := starlark.AsInt32(v)
			if err != nil || n < 0 || n > 255 {
				return nil, fmt.Errorf("rawstr: got %s, want an int in range 0-255", v.String())
			}
			out = append(out, byte(n))
		}
		return starlark.String(out), nil
	}
	return nil, fmt.Errorf("rawstr: got %s, want bytes or a list of ints", x.Type())
}

// rawbytes(s) turns a str into bytes holding exactly its bytes.
func rawbytes(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("rawbytes", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	switch x := x.(type) {
	case starlark.String:
		return starlark.Bytes(x), nil
	case starlark.Bytes:
		return x, nil
	}
	return nil, fmt.Errorf("rawbytes: got %s, want str", x.Type())
}
