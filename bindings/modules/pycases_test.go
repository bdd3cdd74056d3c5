package modules

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// A table of calls and what CPython 3.11 gave for them, written by a
// generator script in testdata (gen_struct.py -> struct.json, ...; the
// format is described in testdata/pycases.py). runCases makes each call
// on pyasync's module and wants the same value, or the same exception
// class and message.

type pyCase struct {
	Steps []json.RawMessage `json:"steps"`
	Want  json.RawMessage   `json:"want"`
}

// runCases checks every row of file against module.
func runCases(t *testing.T, file string, module starlark.HasAttrs) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rows []pyCase
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no cases", file)
	}
	th := &starlark.Thread{Name: "test"}
	for i, r := range rows {
		desc, got, buffer, err := runSteps(th, module, r.Steps)
		if err != nil && strings.HasPrefix(err.Error(), "test: ") {
			t.Fatalf("%s row %d: %v", file, i, err)
		}
		var want map[string]json.RawMessage
		if json.Unmarshal(r.Want, &want) == nil && want["error"] != nil {
			var e [2]string
			json.Unmarshal(want["error"], &e)
			if err == nil {
				t.Errorf("%s = %s, want %s: %s", desc, got, e[0], e[1])
				continue
			}
			var pe *pyerr.Error
			var raised *exceptions.Raised
			switch {
			case errors.As(err, &raised): // an instance of a module's class
				if raised.TypeName() != e[0] || raised.Message() != e[1] {
					t.Errorf("%s: error %v, want %s: %s", desc, err, e[0], e[1])
				}
			case !errors.As(err, &pe) || pe.Type != e[0] || pe.Msg != e[1]:
				t.Errorf("%s: error %v, want %s: %s", desc, err, e[0], e[1])
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: error %v, want %s", desc, err, r.Want)
			continue
		}
		w := decodeValue(t, r.Want)
		if want["buffer"] != nil { // what the call left in its buffer
			var h string
			json.Unmarshal(want["buffer"], &h)
			b, _ := hex.DecodeString(h)
			got, w = buffer, starlark.Bytes(b)
		}
		if eq, err := starlark.Equal(normalizeResult(got), w); err != nil || !eq {
			t.Errorf("%s = %s, want %s", desc, got, w)
		}
	}
	t.Logf("%s: %d cases", file, len(rows))
}

// runSteps makes the calls of one row; it returns a description of them,
// the last result and the first list argument (a buffer) as bytes.
func runSteps(th *starlark.Thread, module starlark.HasAttrs, steps []json.RawMessage) (string, starlark.Value, starlark.Value, error) {
	var desc strings.Builder
	var obj, result, buffer starlark.Value
	for i, raw := range steps {
		var step []json.RawMessage
		json.Unmarshal(raw, &step)
		var name string
		json.Unmarshal(step[0], &name)
		var recv starlark.HasAttrs = module
		if i > 0 {
			ha, ok := obj.(starlark.HasAttrs)
			if !ok {
				return desc.String(), nil, nil, fmt.Errorf("test: %s has no attributes", obj.Type())
			}
			recv, name = ha, strings.TrimPrefix(name, ".")
			desc.WriteString(".")
		}
		attr, err := recv.Attr(name)
		desc.WriteString(name)
		if err != nil {
			return desc.String(), nil, nil, err
		}
		if attr == nil {
			return desc.String(), nil, nil, fmt.Errorf("test: no attribute %q", name)
		}
		if len(step) == 1 {
			result = attr
			continue
		}
		var rawArgs []json.RawMessage
		var rawKw map[string]json.RawMessage
		json.Unmarshal(step[1], &rawArgs)
		json.Unmarshal(step[2], &rawKw)
		var args starlark.Tuple
		for _, a := range rawArgs {
			v := decodeArg(module, a)
			if l, ok := v.(*starlark.List); ok && buffer == nil {
				buffer = l
			}
			args = append(args, v)
		}
		var kwargs []starlark.Tuple
		for k, a := range rawKw {
			kwargs = append(kwargs, starlark.Tuple{starlark.String(k), decodeArg(module, a)})
		}
		fmt.Fprintf(&desc, "%s", args)
		if len(kwargs) > 0 {
			fmt.Fprintf(&desc, "%v", kwargs)
		}
		result, err = starlark.Call(th, attr, args, kwargs)
		if err != nil {
			return desc.String(), nil, nil, err
		}
		if i == 0 {
			obj = result
		}
	}
	if l, ok := buffer.(*starlark.List); ok {
		var b []byte
		for i := 0; i < l.Len(); i++ {
			n, _ := starlark.AsInt32(l.Index(i))
			b = append(b, byte(n))
		}
		buffer = starlark.Bytes(b)
	}
	return desc.String(), result, buffer, nil
}

// normalizeResult turns what a module returned into plain values to compare:
// a named tuple into a tuple, an iterator into the list it gives.
func normalizeResult(v starlark.Value) starlark.Value {
	switch x := v.(type) {
	case starlark.Tuple:
		out := make(starlark.Tuple, len(x))
		for i, e := range x {
			out[i] = normalizeResult(e)
		}
		return out
	case *starlark.List:
		var out []starlark.Value
		for i := 0; i < x.Len(); i++ {
			out = append(out, normalizeResult(x.Index(i)))
		}
		return starlark.NewList(out)
	case *starlark.Dict:
		out := starlark.NewDict(x.Len())
		for _, kv := range x.Items() {
			out.SetKey(normalizeResult(kv[0]), normalizeResult(kv[1]))
		}
		return out
	case starlark.String, starlark.Bytes, starlark.Int, starlark.Float, starlark.Bool, starlark.NoneType:
		return v
	case starlark.Indexable: // a named tuple
		out := make(starlark.Tuple, x.Len())
		for i := range out {
			out[i] = normalizeResult(x.Index(i))
		}
		return out
	case starlark.Iterable:
		var out []starlark.Value
		it := x.Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			out = append(out, normalizeResult(e))
		}
		return starlark.NewList(out)
	}
	return v
}

// decodeArg is decodeValue for an argument, which may also name a
// member of module: {"member": "quote"}.
func decodeArg(module starlark.HasAttrs, raw json.RawMessage) starlark.Value {
	var obj map[string]string
	if json.Unmarshal(raw, &obj) == nil && obj["member"] != "" {
		v, _ := module.Attr(obj["member"])
		return v
	}
	return decodeValue(nil, raw)
}

// decodeValue is the Starlark value of one JSON value of the tables.
func decodeValue(t *testing.T, raw json.RawMessage) starlark.Value {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil && obj != nil {
		for k, v := range obj {
			var s string
			json.Unmarshal(v, &s)
			switch k {
			case "int":
				n, _ := new(big.Int).SetString(s, 10)
				return starlark.MakeBigInt(n)
			case "float":
				switch s {
				case "inf":
					return starlark.Float(math.Inf(1))
				case "-inf":
					return starlark.Float(math.Inf(-1))
				case "nan":
					return starlark.Float(math.NaN())
				}
				f, _ := strconv.ParseFloat(s, 64)
				return starlark.Float(f)
			case "bytes":
				b, _ := hex.DecodeString(s)
				return starlark.Bytes(b)
			case "buffer":
				b, _ := hex.DecodeString(s)
				l := make([]starlark.Value, len(b))
				for i, c := range b {
					l[i] = starlark.MakeInt(int(c))
				}
				return starlark.NewList(l)
			case "tuple":
				var xs []json.RawMessage
				json.Unmarshal(v, &xs)
				out := make(starlark.Tuple, len(xs))
				for i, x := range xs {
					out[i] = decodeValue(t, x)
				}
				return out
			case "dict":
				var kvs [][2]json.RawMessage
				json.Unmarshal(v, &kvs)
				d := starlark.NewDict(len(kvs))
				for _, kv := range kvs {
					d.SetKey(decodeValue(t, kv[0]), decodeValue(t, kv[1]))
				}
				return d
			}
		}
	}
	var v any
	json.Unmarshal(raw, &v)
	switch v := v.(type) {
	case nil:
		return starlark.None
	case bool:
		return starlark.Bool(v)
	case string:
		return starlark.String(v)
	case []any:
		var xs []json.RawMessage
		json.Unmarshal(raw, &xs)
		out := make([]starlark.Value, len(xs))
		for i, x := range xs {
			out[i] = decodeValue(t, x)
		}
		return starlark.NewList(out)
	}
	if t != nil {
		t.Fatalf("cannot decode %s", raw)
	}
	return starlark.None
}
