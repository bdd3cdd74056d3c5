package pyerr

import (
	"fmt"
	"strings"
)

// keepRepeats is how many copies of a repeated traceback line are shown
// before the rest are counted, as Python does for a runaway recursion.
const keepRepeats = 3

// FoldRepeats shortens runs of identical lines: the first keepRepeats of
// a run are kept and the rest replaced by note(n), n the number left
// out. A recursion that overflows the stack (100,000 frames in Starlark)
// then shows a handful of lines rather than all of them.
func FoldRepeats(lines []string, note func(n int) string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && lines[j] == lines[i] {
			j++
		}
		run := j - i
		for k := 0; k < min(run, keepRepeats); k++ {
			out = append(out, lines[i])
		}
		if run > keepRepeats {
			out = append(out, note(run-keepRepeats))
		}
		i = j
	}
	return out
}

// FoldBacktrace is a backtrace with repeated frames folded, as Python
// prints them ("[Previous line repeated 996 more times]").
func FoldBacktrace(backtrace string) string {
	lines := strings.Split(backtrace, "\n")
	lines = FoldRepeats(lines, func(n int) string {
		return fmt.Sprintf("  [Previous line repeated %d more times]", n)
	})
	return strings.Join(lines, "\n")
}
