package modules

import (
	"io"

	"go.starlark.net/starlark"
)

// NewStream is a stream like sys.stdout and sys.stderr (write(s),
// flush()) on w, for modules whose default output is the interpreter's
// (logging's StreamHandler writes to sys.stderr).
func NewStream(name string, w io.Writer) starlark.Value { return stream(name, w) }
