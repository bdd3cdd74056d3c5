package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/interp"
	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

// sslCase is one case of ssl/cases.json: an expression, and what
// CPython 3.11 made of it (ssl/gen_cases.py).
type sslCase struct {
	Case string         `json:"case"`
	Want map[string]any `json:"want"`
}

// sslCaseFiles makes the files the cases name: {CERT} and {KEY}, {CA},
// a key that is not {CERT}'s, a file that is not PEM, a missing one and
// a directory holding {CA}.
func sslCaseFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	set, err := tlstest.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(dir, "notpem.txt")
	os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600)
	caDir := filepath.Join(dir, "cadir")
	os.Mkdir(caDir, 0o700)
	ca, _ := os.ReadFile(set.CA.CertFile)
	os.WriteFile(filepath.Join(caDir, "ca.pem"), ca, 0o600)
	return map[string]string{
		"{CERT}": set.Server.CertFile, "{KEY}": set.Server.KeyFile, "{CA}": set.CA.CertFile,
		"{OTHERKEY}": set.Client.KeyFile, "{NOTPEM}": notPEM, "{MISSING}": filepath.Join(dir, "missing.pem"),
		"{CADIR}": caDir,
	}
}

// TestSSLCasesMatchCPython: every case of ssl/cases.json (constants,
// contexts and their settings, the loading of certificates and keys,
// wrap_socket's checks, a socket before it is connected and before its
// handshake, the exception classes) gives in pyasync what it gave in
// CPython: the same value, or an exception of the same class with the
// same message, errno and reason.
func TestSSLCasesMatchCPython(t *testing.T) {
	data, err := os.ReadFile("ssl/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []sslCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	prelude, err := os.ReadFile("ssl/prelude.star")
	if err != nil {
		t.Fatal(err)
	}
	files := sslCaseFiles(t)
	var src strings.Builder
	src.Write(prelude)
	src.WriteString("\nresults = [\n")
	for _, c := range cases {
		expr := c.Case
		for k, v := range files {
			expr = strings.ReplaceAll(expr, k, v)
		}
		src.WriteString("    outcome(lambda: " + expr + "),\n")
	}
	src.WriteString("]\n")

	before := openFDs(t)
	in, err := interp.New(interp.Config{Argv: []string{"cases.star"}, Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	globals, err := in.ExecFile("cases.star", src.String())
	in.Close()
	if err != nil {
		t.Fatal(err)
	}
	results := globals["results"].(*starlark.List)
	for i, c := range cases {
		got := caseJSON(results.Index(i))
		if m, ok := got.(map[string]any); ok {
			if msg, ok := m["msg"].(string); ok {
				for k, v := range files {
					msg = strings.ReplaceAll(msg, v, k)
				}
				m["msg"] = msg
			}
		}
		if !sameOutcome(got, c.Want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(c.Want)
			t.Errorf("%s\n  pyasync: %s\n  CPython: %s", c.Case, g, w)
		}
	}
	if after := openFDs(t); len(after) > len(before) {
		t.Errorf("descriptors left open: %d before, %d after", len(before), len(after))
	}
}

// caseJSON is a Starlark value as ssl/gen_cases.py's canon() writes a
// Python value: tuples are lists; str and bytes are both strings here,
// since a pyasync str holds bytes (sameOutcome matches them with
// CPython's {"bytes": ...}).
func caseJSON(v starlark.Value) any {
	switch v := v.(type) {
	case starlark.NoneType:
		return nil
	case starlark.Bool:
		return bool(v)
	case starlark.Int:
		n, _ := v.Int64()
		return float64(n)
	case starlark.String:
		return string(v)
	case starlark.Bytes:
		return string(v)
	case starlark.Tuple:
		return listJSON(v)
	case *starlark.List:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = caseJSON(v.Index(i))
		}
		return out
	case *starlark.Dict:
		out := map[string]any{}
		for _, kv := range v.Items() {
			k, _ := starlark.AsString(kv[0])
			out[k] = caseJSON(kv[1])
		}
		return out
	}
	return map[string]any{"type": v.Type()}
}

func listJSON(t starlark.Tuple) []any {
	out := make([]any, len(t))
	for i, x := range t {
		out[i] = caseJSON(x)
	}
	return out
}

// sameOutcome compares a pyasync result with CPython's, a string
// matching CPython's bytes.
func sameOutcome(got, want any) bool {
	if w, ok := want.(map[string]any); ok && len(w) == 1 {
		if b, ok := w["bytes"]; ok {
			return got == b
		}
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			if gv, ok := g[k]; !ok || !sameOutcome(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameOutcome(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}
