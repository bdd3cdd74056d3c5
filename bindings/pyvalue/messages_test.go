package pyvalue_test

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyvalue"
)

// messageCase is one row of testdata/messages.json (gen_messages.py).
type messageCase struct {
	Name    string `json:"name"`
	Star    string `json:"star"`
	Class   string `json:"class"`
	Message string `json:"message"`
	Ours    string `json:"ours"`
}

// run executes src as a script and returns its error.
func run(src string) error {
	pyvalue.Install()
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	env := starlark.StringDict{"subclass": class.Builtins["subclass"], "object": class.Object}
	th := &starlark.Thread{Print: func(*starlark.Thread, string) {}}
	_, err := starlark.ExecFileOptions(opts, th, "case.star", src, env)
	return err
}

// TestMessagesAreCPythons runs each case of testdata/messages.json and
// compares the error's class and message with CPython's for the same
// operation (or, where the table says so, with pyasync's documented
// wording). Every rewording must be used by some case, so a go.starlark.net
// that words a message differently fails here.
func TestMessagesAreCPythons(t *testing.T) {
	data, err := os.ReadFile("testdata/messages.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []messageCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	used := map[int]bool{}
	for _, c := range cases {
		err := run(c.Star)
		if err == nil {
			t.Errorf("%s: %q did not fail", c.Name, c.Star)
			continue
		}
		var typed pyerr.Typed
		if !errors.As(err, &typed) {
			t.Errorf("%s: %q: %v names no Python class", c.Name, c.Star, err)
			continue
		}
		want := c.Message
		if c.Ours != "" {
			want = c.Ours
		}
		if typed.TypeName() != c.Class || typed.Message() != want {
			t.Errorf("%s: %q\n got %s: %s\nwant %s: %s", c.Name, c.Star, typed.TypeName(), typed.Message(), c.Class, want)
		}
		var reworded *pyvalue.Error
		if errors.As(err, &reworded) {
			used[pyvalue.RewordingIndex(reworded.Orig.Error())] = true
		}
	}
	for i, r := range pyvalue.Rewordings {
		if !used[i] {
			t.Errorf("no case of messages.json produces %s (rewording %d): does go.starlark.net still say it?", r.Pattern(), i)
		}
	}
}

func TestRewordKeepsTypedErrors(t *testing.T) {
	e := pyerr.Errorf("ValueError", "floating-point division by zero")
	if got := pyvalue.Reword(e); got != error(e) {
		t.Errorf("Reword changed a typed error: %v", got)
	}
	plain := errors.New("something else")
	if got := pyvalue.Reword(plain); got != plain {
		t.Errorf("Reword changed an unknown message: %v", got)
	}
}

func TestEveryRewordingHasALiteral(t *testing.T) {
	for i, r := range pyvalue.Rewordings {
		if r.Literal() == "" {
			t.Errorf("rewording %d (%s) has no literal text to look for: %q", i, r.Pattern(), r.Literal())
		}
	}
}

func BenchmarkRewordUnknownMessage(b *testing.B) {
	err := errors.New("send: got int, want str or bytes")
	for i := 0; i < b.N; i++ {
		pyvalue.Reword(err)
	}
}

func BenchmarkRewordIndexError(b *testing.B) {
	err := errors.New("list index 5 out of range [-1:0]")
	for i := 0; i < b.N; i++ {
		pyvalue.Reword(err)
	}
}

// The table compiles its patterns when first used; each must compile.
func TestEveryRewordingCompiles(t *testing.T) {
	for i, r := range pyvalue.Rewordings {
		if _, err := regexp.Compile(r.Pattern()); err != nil {
			t.Errorf("rewording %d: %v", i, err)
		}
	}
}
