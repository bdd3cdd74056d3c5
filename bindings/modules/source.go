package modules

import (
	"os"
	"strings"
	"sync"
)

// sourceLines caches the lines of the files SourceLine has read.
var sourceLines struct {
	sync.Mutex
	files map[string][]string
}

// SourceLine is Python's linecache.getline: line n (from 1) of file,
// without its newline, or "" when the file cannot be read or is shorter.
// Files are read once and kept, as linecache does.
func SourceLine(file string, n int) string {
	sourceLines.Lock()
	defer sourceLines.Unlock()
	lines, ok := sourceLines.files[file]
	if !ok {
		if data, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		if sourceLines.files == nil {
			sourceLines.files = map[string][]string{}
		}
		sourceLines.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}
