package optparse

import (
	"strings"
	"unicode"
)

// This file is CPython 3.11's textwrap.TextWrapper.wrap with its default
// options (tabs expanded, whitespace made spaces and dropped at the ends
// of lines, long words broken, hyphenated words split after the hyphen),
// which optparse uses to fill help text. Widths count characters, as
// Python's len of a str does.

// wrap is textwrap.wrap(text, width, initial_indent=initial,
// subsequent_indent=subsequent).
func wrap(text string, width int, initial, subsequent string) []string {
	return wrapChunks(splitChunks(munge(text)), width, []rune(initial), []rune(subsequent))
}

// fill is textwrap.fill: the wrapped lines joined by newlines.
func fill(text string, width int, initial, subsequent string) string {
	return strings.Join(wrap(text, width, initial, subsequent), "\n")
}

// isSpace is textwrap's whitespace: the US-ASCII whitespace characters.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
}

// isWord is Python's \w.
func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// isLetter is textwrap's letter, [^\d\W].
func isLetter(r rune) bool { return isWord(r) && !unicode.Is(unicode.Nd, r) }

// isWordPunct is textwrap's word_punct, [\w!"'&.,?].
func isWordPunct(r rune) bool { return isWord(r) || strings.ContainsRune(`!"'&.,?`, r) }

// munge expands tabs (to columns of 8) and turns whitespace into spaces.
func munge(text string) []rune {
	var out []rune
	col := 0
	for _, r := range text {
		switch {
		case r == '\t':
			n := 8 - col%8
			for i := 0; i < n; i++ {
				out = append(out, ' ')
			}
			col += n
			continue
		case r == '\n' || r == '\r':
			out = append(out, ' ')
			col = 0
			continue
		case isSpace(r):
			r = ' '
		}
		out = append(out, r)
		col++
	}
	return out
}

// splitChunks cuts text into words and runs of whitespace as textwrap's
// wordsep_re does: "goof-ball" gives "goof-" and "ball", and an em-dash
// ("--") between words is a chunk of its own.
func splitChunks(t []rune) [][]rune {
	var chunks [][]rune
	at := func(i int) rune {
		if i < 0 || i >= len(t) {
			return 0
		}
		return t[i]
	}
	// emDash: t[i:] is two or more hyphens and a word character
	emDash := func(i int) bool {
		j := i
		for j < len(t) && t[j] == '-' {
			j++
		}
		return j-i >= 2 && j < len(t) && isWord(t[j])
	}
	for p := 0; p < len(t); {
		end := p
		switch {
		case isSpace(t[p]):
			for end < len(t) && isSpace(t[end]) {
				end++
			}
		case p > 0 && isWordPunct(t[p-1]) && emDash(p):
			for end < len(t) && t[end] == '-' {
				end++
			}
		default:
			for k := p + 1; ; k++ {
				// a hyphen that splits a word: after two letters, or after
				// letter-hyphen-letter, and before letter(-)letter
				if q := k + 1; at(k) == '-' &&
					(isLetter(at(q-3)) && isLetter(at(q-2)) || isLetter(at(q-4)) && at(q-3) == '-' && isLetter(at(q-2))) &&
					isLetter(at(q)) && (isLetter(at(q+1)) || at(q+1) == '-' && isLetter(at(q+2))) {
					end = q
					break
				}
				if k == len(t) || isSpace(t[k]) || isWordPunct(t[k-1]) && emDash(k) {
					end = k
					break
				}
			}
		}
		chunks = append(chunks, t[p:end])
		p = end
	}
	return chunks
}

func blank(chunk []rune) bool {
	for _, r := range chunk {
		if !isSpace(r) {
			return false
		}
	}
	return true
}

// wrapChunks fills lines of at most width characters with chunks.
func wrapChunks(chunks [][]rune, width int, initial, subsequent []rune) []string {
	var lines []string
	// chunks are taken from the front
	for len(chunks) > 0 {
		var cur [][]rune
		curLen := 0
		indent := initial
		if len(lines) > 0 {
			indent = subsequent
		}
		w := width - len(indent)
		if blank(chunks[0]) && len(lines) > 0 {
			chunks = chunks[1:]
		}
		for len(chunks) > 0 && curLen+len(chunks[0]) <= w {
			cur = append(cur, chunks[0])
			curLen += len(chunks[0])
			chunks = chunks[1:]
		}
		if len(chunks) > 0 && len(chunks[0]) > w {
			// a word too long for any line: break it
			spaceLeft := w - curLen
			if w < 1 {
				spaceLeft = 1
			}
			chunk := chunks[0]
			end := spaceLeft
			if len(chunk) > spaceLeft {
				if h := lastHyphen(chunk[:spaceLeft]); h > 0 && !allHyphens(chunk[:h]) {
					end = h + 1
				}
			}
			cur = append(cur, chunk[:end])
			chunks[0] = chunk[end:]
		}
		if len(cur) > 0 && blank(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			var b strings.Builder
			b.WriteString(string(indent))
			for _, c := range cur {
				b.WriteString(string(c))
			}
			lines = append(lines, b.String())
		}
	}
	return lines
}

func lastHyphen(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == '-' {
			return i
		}
	}
	return -1
}

func allHyphens(r []rune) bool {
	for _, c := range r {
		if c != '-' {
			return false
		}
	}
	return true
}
