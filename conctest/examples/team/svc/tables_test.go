package svc_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

// countLocked is the fixed counter under two requests.
func countLocked() error {
	return twoRequests(func() *svc.LockedCounter[int] { return new(svc.LockedCounter[int]) })()
}

// recordLocked is the fixed metrics under two failures.
func recordLocked() error { return twoFailures((*svc.Metrics).ObserveLocked)() }

func TestDiagnoseTable(t *testing.T) {
	want := map[string][]conctest.Verdict{
		"submit after close": {conctest.Lost},
		"drain":              clean,
		"reload":             clean,
	}
	for name, fn := range map[string]func() error{
		"submit after close": submitAfterClose,
		"drain":              drainPool,
		"reload":             reloadWhileServing,
	} {
		r := conctest.Diagnose(t, fn)
		if got := r.Verdicts(); !slices.Equal(got, want[name]) {
			t.Errorf("%s: verdicts %v, want %v\n%s", name, got, want[name], r)
		}
	}
}

func TestFixesAreClean(t *testing.T) {
	for name, fn := range map[string]func() error{
		"counter": countLocked,
		"metrics": recordLocked,
		"pool":    drainPool,
	} {
		t.Logf("proving %s", name)
		conctest.ProveClean(t, fn)
	}
}

// relayed is what jobs the service supervises have written, and Relay
// passed on: a Go job's crash, its race report, its test output.
var relayed = []struct{ name, line string }{
	{"config", "fatal error: config reload failed"},
	{"race", "WARNING: DATA RACE"},
	{"deadlock", "POTENTIAL DEADLOCK:"},
	{"lock order", "POTENTIAL DEADLOCK: Inconsistent locking. saw this ordering in one goroutine:"},
	{"timeout", "panic: test timed out after 5s"},
	{"leak", "found unexpected goroutines:"},
	{"bubble", "deadlock: all goroutines in bubble are blocked"},
	{"invariant", "conctest: invariant violated: x"},
	{"test", "--- FAIL: TestX (0.00s)"},
	{"job panic", "panic: bad input (recovered)"},
}

// relayLine relays line to stdout and to stderr, as the supervisor does
// with a job's output.
func relayLine(line string) func() error {
	return func() error {
		for _, w := range []*os.File{os.Stdout, os.Stderr} {
			if _, err := svc.Relay(w, strings.NewReader(line+"\n")); err != nil {
				return err
			}
		}
		return nil
	}
}

// What a job said is never a finding about the code that relays it.
func TestRelayedOutputIsNotAFinding(t *testing.T) {
	for _, tc := range relayed {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conctest.ProveClean(t, relayLine(tc.line))
		})
	}
}

// conctest.Run, not t.Run: a proof's child starts only its own row.
func TestRelayedOutputDiagnosis(t *testing.T) {
	for _, tc := range relayed {
		conctest.Run(t, tc.name, func(t *testing.T) {
			t.Parallel()
			wantVerdicts(t, tc.line, conctest.Diagnose(t, relayLine(tc.line)), clean)
		})
	}
}

// A failed reload is logged for on-call, and the service goes on.
func TestFailedReloadIsLogged(t *testing.T) {
	path := writeConfig(t, `{"region": "eu-west-1"}`)
	reloadBroken := func() error {
		s, err := svc.Open(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte("{"), 0o644); err != nil {
			return err
		}
		if s.Reload() == nil {
			return fmt.Errorf("a broken file reloaded")
		}
		return nil
	}
	conctest.ProveClean(t, reloadBroken)
}

// slowFixture stands for the fixture the lookup tests share: it takes
// about 3 s to build on CI.
func slowFixture(t *testing.T) *svc.Store {
	t.Helper()
	time.Sleep(3 * time.Second)
	limits := map[string]int{}
	for i := range 1000 {
		limits[fmt.Sprint("tenant-", i)] = i
	}
	return svc.NewStore(svc.Config{Region: "fixture", Limits: limits})
}

func TestLimitsOfFixture(t *testing.T) {
	t.Parallel()
	s := slowFixture(t)
	lookups := func() error {
		return conctest.Together(2, func(int) error {
			for i := range 1000 {
				if got := s.Limit(fmt.Sprint("tenant-", i), -1); got != i {
					return fmt.Errorf("tenant-%d: limit %d", i, got)
				}
			}
			return nil
		})
	}
	// Lookups answer well within half a second.
	r := conctest.Diagnose(t, lookups, conctest.Timeout(500*time.Millisecond))
	if got := r.Verdicts(); !slices.Equal(got, clean) {
		t.Errorf("verdicts %v, want %v\n%s", got, clean, r)
	}
}

func TestReloadThenDrain(t *testing.T) {
	r := conctest.Diagnose(t, reloadWhileServing)
	if got := r.Verdicts(); !slices.Equal(got, clean) {
		t.Fatalf("reload: verdicts %v\n%s", got, r)
	}
	fmt.Println("reload is clean; now the pool")
	r = conctest.Diagnose(t, drainPool)
	if got := r.Verdicts(); !slices.Equal(got, clean) {
		t.Errorf("drain: verdicts %v\n%s", got, r)
	}
}
