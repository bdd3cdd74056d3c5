package exceptions

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// benchLoop runs body n times in a Starlark loop, with catch and throw
// predeclared.
func benchLoop(b *testing.B, body string) {
	src := "def f(x):\n    return x\ndef run(n):\n    for i in range(n):\n        " + body + "\n"
	opts := &syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	th := &starlark.Thread{}
	g, err := starlark.ExecFileOptions(opts, th, "bench.star", src, Builtins())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if _, err := starlark.Call(th, g["run"], starlark.Tuple{starlark.MakeInt(b.N)}, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCall and BenchmarkCatch compare a call with the same call
// made through catch when nothing is raised: what catch costs.
func BenchmarkCall(b *testing.B)  { benchLoop(b, "f(i)") }
func BenchmarkCatch(b *testing.B) { benchLoop(b, "catch(f, i)") }

// BenchmarkCatchRaised is a call that fails with a KeyError, caught.
func BenchmarkCatchRaised(b *testing.B) { benchLoop(b, `catch(throw, KeyError, i)`) }
