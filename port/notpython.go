package port

import (
	"bytes"
	"fmt"
)

// NotPython says why src is not Python source ("" when it reads as
// Python, whatever places it leaves): a binary file, or one more than
// half of whose lines of code the parser cannot read.
func NotPython(src []byte) string {
	if why := notPython(src); why != "" {
		return why
	}
	root, err := parse(src)
	if err != nil {
		return err.Error()
	}
	return unreadable(src, root)
}

// notPython says why src is not Python source at all ("" when it may be).
func notPython(src []byte) string {
	if bytes.IndexByte(src, 0) >= 0 {
		return "not Python: a binary file (it holds NUL bytes)"
	}
	return ""
}

// unreadable says why a parsed file is not Python: more than half of its
// lines of code are where the parser could not read ("" otherwise).
func unreadable(src []byte, root *node) string {
	lines := bytes.Split(src, []byte("\n"))
	code := 0
	for _, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) > 0 && l[0] != '#' {
			code++
		}
	}
	bad := map[int]bool{}
	first := -1
	root.find(false, func(n *node) bool {
		if n.kind == "ERROR" {
			if first < 0 || n.row < first {
				first = n.row
			}
			for r := n.row; r <= n.endRow; r++ {
				if r < len(lines) && len(bytes.TrimSpace(lines[r])) > 0 {
					bad[r] = true
				}
			}
		}
		return false
	})
	if code == 0 || len(bad)*2 <= code {
		return ""
	}
	return fmt.Sprintf("not Python: the parser could not read %d of its %d lines of code (the first at line %d)", len(bad), code, first+1)
}
