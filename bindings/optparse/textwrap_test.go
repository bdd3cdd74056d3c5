package optparse

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// TestWrapMatchesCPython: wrap gives textwrap.wrap's lines for each text,
// width and indent of testdata/textwrap_cases.json, written by CPython
// 3.11 with testdata/gen_textwrap_cases.py.
func TestWrapMatchesCPython(t *testing.T) {
	data, err := os.ReadFile("testdata/textwrap_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 {
		t.Fatalf("only %d cases", len(rows))
	}
	for _, r := range rows {
		var text, initial, subsequent string
		var width int
		var want []string
		json.Unmarshal(r[0], &text)
		json.Unmarshal(r[1], &width)
		json.Unmarshal(r[2], &initial)
		json.Unmarshal(r[3], &subsequent)
		json.Unmarshal(r[4], &want)
		got := wrap(text, width, initial, subsequent)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("wrap(%q, %d, %q, %q)\ngot  %q\nwant %q", text, width, initial, subsequent, got, want)
		}
	}
}
