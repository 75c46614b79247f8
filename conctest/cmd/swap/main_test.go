package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A team's package, unmodified, that locks two sync.Mutex in AB-BA
// order and imports sync for nothing else: its LockOrder proof passes in
// the build the overlay of this command makes, and skips without it,
// saying why.
func TestSwapProvesAnUnmodifiedPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module's tests twice")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum")) // every hash the module needs
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod": "module example.com/abba\n\ngo 1.26\n\nrequire github.com/racelab/racelab v0.0.0\n\n" +
			"replace github.com/racelab/racelab => " + root + "\n",
		"go.sum": string(sum),
		"abba.go": `package abba

import "sync"

type account struct {
	mu  sync.Mutex
	bal int
}

func transfer(from, to *account) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.bal--
	to.bal++
}

// bothWays locks a, then b; then b, then a.
func bothWays() error {
	var a, b account
	transfer(&a, &b)
	transfer(&b, &a)
	return nil
}
`,
		"abba_test.go": `package abba

import (
	"testing"

	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }

func TestLockOrderTransfer(t *testing.T) {
	conctest.Prove(t, conctest.LockOrder, "abba.transfer", bothWays)
}
`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gocmd, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	// Relative -o: the overlay it prints names its files by absolute path.
	overlay := strings.TrimSpace(run("run", "github.com/racelab/racelab/conctest/cmd/swap", "-o", "swapped", "./..."))
	if overlay != filepath.Join(dir, "swapped", "overlay.json") {
		t.Fatalf("swap printed %q, want %s", overlay, filepath.Join(dir, "swapped", "overlay.json"))
	}
	out := run("test", "-overlay", overlay, "-count=1", "-v", "./...")
	if !strings.Contains(out, "proven: LockOrder by go-deadlock, blaming abba.transfer") {
		t.Errorf("in the go-deadlock build, the proof did not pass as LockOrder by go-deadlock:\n%s", out)
	}
	out = run("test", "-count=1", "-v", "./...")
	if !strings.Contains(out, "--- SKIP: TestLockOrderTransfer") ||
		!strings.Contains(out, "LockOrder proof skipped: no go-deadlock lock is in this test binary") ||
		!strings.Contains(out, "conctest/cmd/swap") {
		t.Errorf("in the plain build, the proof did not skip saying why and what to run:\n%s", out)
	}
	// The source stays as it was.
	if b, err := os.ReadFile(filepath.Join(dir, "abba.go")); err != nil || strings.Contains(string(b), "deadlock") {
		t.Errorf("abba.go changed on disk (%v):\n%s", err, b)
	}
}
