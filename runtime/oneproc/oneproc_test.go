package oneproc

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// childEnv marks the test binary started by TestStartsOnOneP: it prints
// the P count its initialisation left and exits.
const childEnv = "ONEPROC_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Stdout.WriteString(strconv.Itoa(runtime.GOMAXPROCS(0)) + "\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// procsAtStart runs this test binary with env added to the environment,
// GOMAXPROCS removed from it unless env sets it, and returns the P count
// the child saw before any test ran.
func procsAtStart(t *testing.T, env ...string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMAXPROCS=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, childEnv+"=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("child printed %q: %v", out, err)
	}
	return n
}

func TestStartsOnOneP(t *testing.T) {
	if n := procsAtStart(t); n != 1 {
		t.Errorf("GOMAXPROCS after initialisation = %d, want 1", n)
	}
}

func TestEnvironmentWins(t *testing.T) {
	if n := procsAtStart(t, "GOMAXPROCS=2"); n != 2 {
		t.Errorf("GOMAXPROCS=2 in the environment: GOMAXPROCS after initialisation = %d, want 2", n)
	}
}
