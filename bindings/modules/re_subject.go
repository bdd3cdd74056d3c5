package modules

import (
	"sort"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// rxSubject is the string a pattern runs over: the str or bytes value as
// given, and the text Go's regexp reads.
//
// Go's regexp reads UTF-8. A str pattern runs on the str's bytes as
// they are (a byte that is not UTF-8 reads as one character that only
// ., negated classes and \W, \S, \D match; it is never changed). A bytes
// pattern must see every byte as one character, so a subject with bytes
// >= 0x80 is read as Latin-1: each such byte becomes the two-byte UTF-8
// of the rune with its value. Positions go through toText and toOrig.
type rxSubject struct {
	value   starlark.Value // the subject as given: m.string
	orig    string         // its bytes
	isBytes bool           // results are bytes
	text    string         // what the regexp reads
	highs   []int          // Latin-1 only: offsets in text of the two-byte runes
}

// latin1 reads s as Latin-1 runes in UTF-8. It keeps the last subject it
// made: a program that searches one buffer from many positions pays once.
func latin1(s string) (string, []int) {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s, nil
	}
	if len(s) >= 256 {
		latin1Cache.Lock()
		if latin1Cache.orig == s {
			text, highs := latin1Cache.text, latin1Cache.highs
			latin1Cache.Unlock()
			return text, highs
		}
		latin1Cache.Unlock()
	}
	buf := make([]byte, 0, len(s)+len(s)/4)
	buf = append(buf, s[:i]...)
	var highs []int
	for ; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			buf = append(buf, c)
			continue
		}
		highs = append(highs, len(buf))
		buf = append(buf, 0xC0|c>>6, 0x80|c&0x3F)
	}
	text := string(buf)
	if len(s) >= 256 {
		latin1Cache.Lock()
		latin1Cache.orig, latin1Cache.text, latin1Cache.highs = s, text, highs
		latin1Cache.Unlock()
	}
	return text, highs
}

var latin1Cache struct {
	sync.Mutex
	orig, text string
	highs      []int
}

// toText turns a position in orig into one in text.
func (s *rxSubject) toText(i int) int {
	if s.highs == nil {
		return i
	}
	// highs[k]-k is the k-th high byte's offset in orig
	k := sort.Search(len(s.highs), func(k int) bool { return s.highs[k]-k >= i })
	return i + k
}

// toOrig turns a position in text (at a rune boundary) into one in orig.
func (s *rxSubject) toOrig(i int) int {
	if s.highs == nil || i < 0 {
		return i
	}
	k := sort.Search(len(s.highs), func(k int) bool { return s.highs[k] >= i })
	return i - k
}

// spansToOrig turns the spans a match found in text into positions in orig.
func (s *rxSubject) spansToOrig(spans []int) {
	if s.highs == nil {
		return
	}
	for i, x := range spans {
		spans[i] = s.toOrig(x)
	}
}

// slice is orig[i:j] as a value of the subject's type.
func (s *rxSubject) slice(i, j int) starlark.Value {
	return rxValue(s.orig[i:j], s.isBytes)
}

// rxValue is text as a str or a bytes value.
func rxValue(text string, isBytes bool) starlark.Value {
	if isBytes {
		return starlark.Bytes(text)
	}
	return starlark.String(text)
}
