package tests

import "testing"

// TestExitAndQuitEndTheProgram: exit() and quit() are sys.exit(), as the
// site module makes them in Python.
func TestExitAndQuitEndTheProgram(t *testing.T) {
	for src, want := range map[string]int{
		"exit()": 0, "quit()": 0, "exit(3)": 3, "quit(4)": 4, "exit('bye')": 1,
	} {
		_, stderr, code := runPyasync(t, "", "-c", src+"\nprint('not reached')")
		if code != want {
			t.Errorf("%s: status %d, want %d (stderr %q)", src, code, want, stderr)
		}
		if src == "exit('bye')" && stderr != "bye\n" {
			t.Errorf("%s: stderr %q, want \"bye\\n\"", src, stderr)
		}
	}
}
