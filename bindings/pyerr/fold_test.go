package pyerr

import (
	"fmt"
	"reflect"
	"testing"
)

func TestFoldRepeats(t *testing.T) {
	note := func(n int) string { return fmt.Sprintf("+%d", n) }
	for _, c := range []struct{ in, want []string }{
		{nil, []string{}},
		{[]string{"a", "b", "b", "b"}, []string{"a", "b", "b", "b"}},
		{[]string{"a", "b", "b", "b", "b", "b", "c"}, []string{"a", "b", "b", "b", "+2", "c"}},
		{[]string{"x", "x", "x", "x", "y", "x", "x", "x", "x", "x"}, []string{"x", "x", "x", "+1", "y", "x", "x", "x", "+2"}},
	} {
		if got := FoldRepeats(c.in, note); !reflect.DeepEqual(got, c.want) {
			t.Errorf("FoldRepeats(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
