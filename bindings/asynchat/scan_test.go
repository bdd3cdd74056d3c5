package asynchat

import (
	"strings"
	"testing"
)

// feed runs handle_read's string-terminator loop over data delivered in
// chunks, as the network might split it, and returns the records
// (collected data between terminators) and what is left.
func feed(chunks []string, term string) (records []string, tail string) {
	var in []byte
	var cur strings.Builder
	for _, c := range chunks {
		in = append(in, c...)
		for len(in) > 0 {
			n, found := scanTerminator(in, term)
			cur.Write(in[:n])
			if found {
				records = append(records, cur.String())
				cur.Reset()
				in = in[n+len(term):]
				continue
			}
			in = in[n:]
			break
		}
	}
	return records, cur.String() + string(in)
}

func TestScanTerminatorSplitAcrossReads(t *testing.T) {
	// CPython's probe: "abc\r" then "\ndef\r\n\r\nx"
	recs, tail := feed([]string{"abc\r", "\ndef\r\n\r\nx"}, "\r\n")
	if strings.Join(recs, "|") != "abc|def|" || tail != "x" {
		t.Errorf("records %q tail %q", recs, tail)
	}
	if n, found := scanTerminator([]byte("qwerty\r"), "\r\n"); found || n != 6 {
		t.Errorf("prefix kept back: %d %v", n, found)
	}
}

// FuzzTerminatorScanning compares the chunked scan with a simple
// reference, strings.Split on the whole input, for any split of the data.
func FuzzTerminatorScanning(f *testing.F) {
	f.Add("hello world\nI'm not dead yet!\n", "\n", uint64(1))
	f.Add("abc\r\ndef\r\n\r\nx", "\r\n", uint64(7))
	f.Add("qqqqqq q qq qqq qqqq", "qqq", uint64(3))
	f.Add("\r\n.\r\n\r\n.\r", "\r\n.\r\n", uint64(5))
	f.Fuzz(func(t *testing.T, data, term string, seed uint64) {
		if term == "" || len(term) > 16 || len(data) > 4096 {
			return
		}
		// split data pseudo-randomly by seed
		var chunks []string
		rest := data
		for len(rest) > 0 {
			seed = seed*6364136223846793005 + 1442695040888963407
			n := 1 + int(seed>>33)%8
			if n > len(rest) {
				n = len(rest)
			}
			chunks = append(chunks, rest[:n])
			rest = rest[n:]
		}
		recs, tail := feed(chunks, term)
		want := strings.Split(data, term)
		if len(recs) != len(want)-1 {
			t.Fatalf("%q by %q in %q: %d records, want %d", data, term, chunks, len(recs), len(want)-1)
		}
		for i := range recs {
			if recs[i] != want[i] {
				t.Fatalf("record %d: %q, want %q", i, recs[i], want[i])
			}
		}
		if tail != want[len(want)-1] {
			t.Fatalf("tail %q, want %q", tail, want[len(want)-1])
		}
	})
}
