package interp

import (
	"io"
	"os"
	"testing"

	"go.starlark.net/starlark"
)

// BenchmarkHeaders runs scripts/bench/headers.star's loop, b.N
// iterations of parse(), for a look at its allocations per iteration
// (go test -bench Headers -benchmem ./interp) and profiles.
func BenchmarkHeaders(b *testing.B) {
	const script = "../scripts/bench/headers.star"
	src, err := os.ReadFile(script)
	if err != nil {
		b.Fatal(err)
	}
	in, err := New(Config{Argv: []string{script, "1"}, Stdout: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	globals, err := in.ExecFile(script, src)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := starlark.Call(in.Thread, globals["main"], starlark.Tuple{starlark.MakeInt(b.N)}, nil); err != nil {
		b.Fatal(err)
	}
}
