package tests

import (
	"fmt"
	"testing"
)

// TestTLSEchoWithinOneLoop: a TLS client and a TLS echo server in one
// pyasync loop (tests/ssl/loop_echo.star) move a megabyte each way
// through 4 KiB send buffers at TLS 1.2 and 1.3, with handlers that
// neither drain pending() nor catch SSLWantReadError: the bytes come
// back whole and in order, and no read event reaches a handler with
// nothing to read.
func TestTLSEchoWithinOneLoop(t *testing.T) {
	certs := certSet(t)
	for _, v := range []string{"1.2", "1.3"} {
		t.Run("TLS"+v, func(t *testing.T) {
			before := openFDs(t)
			out, stderr, err := runScript(t, "ssl/loop_echo.star", certs.Server.CertFile, certs.Server.KeyFile, certs.CA.CertFile, v)
			var n, held int
			if _, serr := fmt.Sscanf(out, "ok %d held back %d", &n, &held); err != nil || serr != nil || n < 1<<20 {
				t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out, stderr)
			}
			if held == 0 {
				t.Fatalf("no send found TLS holding records: the test did not test that (%s)", out)
			}
			if after := openFDs(t); len(after) != len(before) {
				t.Fatalf("descriptors: %d before, %d after", len(before), len(after))
			}
		})
	}
}
