package modules

import (
	"strings"

	"github.com/pyasync/pyasync/bindings/class"
)

// FormatException is "".join(traceback.format_exception(e)): the frames
// e was raised through and "Type: message" ("NoneType: None" for nil),
// for modules that show exceptions (logging's exc_info).
func FormatException(e *class.Instance) string {
	return strings.Join(exceptionLines(e, -1), "")
}
