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

// oneWay locks a, then b, twice.
func oneWay() error {
	var a, b account
	transfer(&a, &b)
	transfer(&a, &b)
	return nil
}

// racy writes one int from two goroutines, with no lock.
func racy() error {
	n := 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { n++ })
	}
	wg.Wait()
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

func TestNoLockOrderOneWay(t *testing.T) {
	conctest.ProveClean(t, oneWay, conctest.Twin(conctest.LockOrder, "abba.transfer", bothWays))
}

func TestRaceRacy(t *testing.T) {
	conctest.Prove(t, conctest.Race, "abba.racy", racy)
}

func TestDiagnoseRacy(t *testing.T) {
	r := conctest.Diagnose(t, racy)
	t.Logf("diagnosed: %s", r.Verdicts())
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
	// In the go-deadlock build go-deadlock alone judges, with -race or
	// without: the race proof skips, the fix is clean under go-deadlock
	// and its twin is proven, and Diagnose says nothing of the race.
	out := run("test", "-race", "-overlay", overlay, "-count=1", "-v", "./...")
	for _, want := range []string{
		"proven: LockOrder by go-deadlock, blaming abba.transfer",
		"proven: Clean under go-deadlock [",
		"the same workload on its twin: LockOrder by go-deadlock, blaming abba.transfer",
		"Race proof skipped: this is the go-deadlock build, where go-deadlock alone judges",
		"diagnosed: [Clean]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the go-deadlock build's run says no %q:\n%s", want, out)
		}
	}
	// In the plain build every detector but go-deadlock judges.
	out = run("test", "-race", "-count=1", "-v", "./...")
	for _, want := range []string{
		"--- SKIP: TestLockOrderTransfer",
		"LockOrder proof skipped: no go-deadlock lock is in this test binary",
		"conctest/cmd/swap",
		"proven: Race by race, blaming abba.racy",
		"its twin's LockOrder is not checked: no go-deadlock lock is in this test binary",
		"diagnosed: [Race]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plain build's run says no %q:\n%s", want, out)
		}
	}
	// The source stays as it was.
	if b, err := os.ReadFile(filepath.Join(dir, "abba.go")); err != nil || strings.Contains(string(b), "deadlock") {
		t.Errorf("abba.go changed on disk (%v):\n%s", err, b)
	}
}
