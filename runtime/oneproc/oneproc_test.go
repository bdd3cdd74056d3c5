package oneproc

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// childEnv marks the test binary started by procsAtStart: it prints the
// P count its initialisation left, then Initial, and exits.
const childEnv = "ONEPROC_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Stdout.WriteString(strconv.Itoa(runtime.GOMAXPROCS(0)) + " " + strconv.Itoa(Initial) + "\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// procsAtStart runs this test binary with env added to the environment,
// GOMAXPROCS removed from it unless env sets it, and returns the P count
// the child saw before any test ran, and its Initial.
func procsAtStart(t *testing.T, env ...string) (procs, initial int) {
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
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("child printed %q", out)
	}
	procs, err1 := strconv.Atoi(f[0])
	initial, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil {
		t.Fatalf("child printed %q", out)
	}
	return procs, initial
}

func TestStartsOnOneP(t *testing.T) {
	procs, initial := procsAtStart(t)
	if procs != 1 {
		t.Errorf("GOMAXPROCS after initialisation = %d, want 1", procs)
	}
	// the runtime's own default: the CPUs the process may use, or fewer
	// under a container's CPU limit
	if initial < 1 || initial > runtime.NumCPU() {
		t.Errorf("Initial = %d, want the runtime's default, 1 to %d", initial, runtime.NumCPU())
	}
}

// TestInitialKeepsEnvironment: with GOMAXPROCS in the environment, the
// process still starts on one P, and Initial is the environment's count,
// which the command gives back.
func TestInitialKeepsEnvironment(t *testing.T) {
	procs, initial := procsAtStart(t, "GOMAXPROCS=3")
	if procs != 1 || initial != 3 {
		t.Errorf("GOMAXPROCS=3 in the environment: count after initialisation %d, Initial %d; want 1 and 3", procs, initial)
	}
}
