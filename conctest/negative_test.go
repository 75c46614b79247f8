package conctest

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeT is a *testing.T whose failures and skips are recorded instead of
// ending the test, so that the engine's own failures can be tested.
type fakeT struct {
	*testing.T
	mu      sync.Mutex
	fatal   string
	skipped string
	logs    []string
}

func (f *fakeT) realT() *testing.T { return f.T }

// Logf keeps the fake's "proven:" lines out of the real test's log, for
// the test to read.
func (f *fakeT) Logf(format string, args ...any) {
	f.mu.Lock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

// logged returns what was logged, a line each.
func (f *fakeT) logged() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.logs, "\n")
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatal = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeT) Skipf(format string, args ...any) {
	f.mu.Lock()
	f.skipped = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

// outcome runs body against a fake and returns what it recorded.
func outcome(t *testing.T, body func(testing.TB)) (fatal, skipped string) {
	return outcomeOf(&fakeT{T: t}, body)
}

// outcomeOf is outcome on a given fake, whose log the test then reads.
func outcomeOf(f *fakeT, body func(testing.TB)) (fatal, skipped string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(f)
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fatal, f.skipped
}

// In the child process the fake records nothing, so each assertion below
// holds only in the parent; skip them there.
func inChild() bool { return child != nil }

func TestProveRaceInCorrectCodeFails(t *testing.T) {
	fatal, skipped := outcome(t, func(t testing.TB) {
		Prove(t, Race, "conctest.lockedIncrement", lockedIncrement)
	})
	if inChild() {
		return
	}
	if !raceEnabled {
		assert.Contains(t, skipped, "go test -race")
		return
	}
	assert.Contains(t, fatal, "Race not proven")
	assert.Contains(t, fatal, "no race reported")
}

func TestProveCleanOfBrokenFails(t *testing.T) {
	t.Parallel() // waits on timeouts, not on a core
	fatal, _ := outcome(t, func(t testing.TB) { ProveClean(t, leakySend) })
	fatalRace, _ := outcome(t, func(t testing.TB) { ProveClean(t, racyIncrement) })
	// A hang is reported when the watchdog fires: the short one keeps
	// this test quick.
	fatalHang, _ := outcome(t, func(t testing.TB) { ProveClean(t, waitForever, Bubble(), Timeout(defaultWatchdog)) })
	if inChild() {
		return
	}
	assert.Contains(t, fatal, "not clean")
	assert.Contains(t, fatal, "goleak said Leak")
	assert.Contains(t, fatalHang, "synctest said Blocked")
	assert.Contains(t, fatalHang, "watchdog said Hang")
	if raceEnabled {
		assert.Contains(t, fatalRace, "race said Race")
	}
}

func TestProveWrongBlameFails(t *testing.T) {
	fatal, _ := outcome(t, func(t testing.TB) { Prove(t, Leak, "conctest.someoneElse", leakySend) })
	if inChild() {
		return
	}
	assert.Contains(t, fatal, `Leak reported, but its report does not name "conctest.someoneElse"`)
}

func TestProveWrongVerdictFails(t *testing.T) {
	fatal, _ := outcome(t, func(t testing.TB) { Prove(t, LockOrder, "conctest.lockTwice", lockTwice) })
	if inChild() {
		return
	}
	assert.Contains(t, fatal, "no lockorder reported")
	assert.Contains(t, fatal, "go-deadlock said Recursive")
}

func TestProveRejectsBadArguments(t *testing.T) {
	for _, v := range []Verdict{Clean, Vet, "Oops"} {
		fatal, _ := outcome(t, func(t testing.TB) { Prove(t, v, "x", lockedIncrement) })
		assert.Contains(t, fatal, "not a verdict a run can prove")
	}
	fatal, _ := outcome(t, func(t testing.TB) { Prove(t, Leak, "", leakySend) })
	assert.Contains(t, fatal, "blame is empty")
}

func TestChildThatNeverRunsTheCaseIsIncomplete(t *testing.T) {
	if inChild() {
		return
	}
	r := spawn(t, "TestChildThatNeverRunsTheCaseIsIncomplete@x_test.go:1#99", modePlain, newConfig(nil), "")
	assert.Contains(t, r.Incomplete, "never reached the call")
	assert.Error(t, r.Check(Clean, ""), "an empty report must not pass as clean")
}

// A fixed proof whose workload never flags its twin cannot fail, and is
// refused; one whose twin is flagged passes.
func TestProveCleanWithTwin(t *testing.T) {
	fatal, _ := outcome(t, func(t testing.TB) {
		ProveClean(t, lockedIncrement, Twin(Leak, "conctest.leakySend", lockedIncrement))
	})
	ok, _ := outcome(t, func(t testing.TB) {
		ProveClean(t, lockedIncrement, Twin(Leak, "conctest.leakySend", leakySend))
	})
	race, _ := outcome(t, func(t testing.TB) {
		ProveClean(t, lockedIncrement, Twin(Race, "conctest.racyIncrement", racyIncrement))
	})
	if inChild() {
		return
	}
	assert.Contains(t, fatal, "the proof cannot fail")
	assert.Empty(t, ok)
	assert.Empty(t, race, "without -race the race twin is said unchecked, not failed")
}

// twinCalls counts the calls of leaksFromSecondCall in this process (a
// twin's child).
var twinCalls atomic.Int32

// leaksFromSecondCall is a twin whose first run shows nothing, as a
// detector's rare miss would.
func leaksFromSecondCall() error {
	if twinCalls.Add(1) == 1 {
		return nil
	}
	return leakySend()
}

// A detector may miss one run of a twin's workload: the twin gets more
// than one try, and the proof says it took them. A twin that never gives
// its finding still fails (TestProveCleanWithTwin).
func TestTwinGetsMoreThanOneTry(t *testing.T) {
	f := &fakeT{T: t}
	fatal, _ := outcomeOf(f, func(t testing.TB) {
		ProveClean(t, lockedIncrement, Twin(Leak, "conctest.leakySend", leaksFromSecondCall))
	})
	if inChild() {
		return
	}
	require.Empty(t, fatal)
	assert.Contains(t, f.logged(), "the same workload on its twin: Leak by goleak, blaming conctest.leakySend")
	assert.Contains(t, f.logged(), fmt.Sprintf("(found at try 2 of at most %d, after ", twinTries))
}

// slowLoss breaks its invariant, but only after the Hang watchdog.
func slowLoss() error {
	time.Sleep(defaultWatchdog + time.Second)
	return errors.New("slowLoss: lost one update")
}

// A Prove of any verdict but Hang gives fn cleanWatchdog, as a twin gets:
// a broken variant that is only slow (a loaded machine, race-built worker
// processes) still shows its own verdict, not a Hang. A Hang proof keeps
// defaultWatchdog.
func TestProveWaitsForSlowEvidence(t *testing.T) {
	t.Parallel() // waits on timeouts, not on a core
	lost, _ := outcome(t, func(t testing.TB) { Prove(t, Lost, "slowLoss", slowLoss) })
	hang, _ := outcome(t, func(t testing.TB) { Prove(t, Hang, "conctest.slowLoss", slowLoss) })
	if inChild() {
		return
	}
	assert.Empty(t, lost, "a loss %v in is within cleanWatchdog (%v)", defaultWatchdog+time.Second, cleanWatchdog)
	assert.Empty(t, hang, "a Hang proof keeps defaultWatchdog (%v)", defaultWatchdog)
}

// slowHolder holds a go-deadlock lock for a second while another
// goroutine waits for it: slow, not deadlocked.
func slowHolder() error {
	var a account
	held := make(chan struct{})
	go func() {
		a.mu.Lock()
		close(held)
		time.Sleep(time.Second)
		a.mu.Unlock()
	}()
	<-held
	a.mu.Lock()
	defer a.mu.Unlock()
	return nil
}

// ProveClean waits cleanDeadlockTimeout for a lock, so a fix whose lock
// holder is only slow (here a second; on a loaded machine, a holder left
// without a core) is not flagged; Diagnose keeps deadlockTimeout and
// reports the same wait, and a fix that never unlocks still fails.
func TestProveCleanWaitsLongerForALock(t *testing.T) {
	t.Parallel() // waits on timeouts, not on a core
	fatal, _ := outcome(t, func(t testing.TB) { ProveClean(t, slowHolder) })
	r := Diagnose(t, slowHolder)
	stuck, _ := outcome(t, func(t testing.TB) { ProveClean(t, lockHeldElsewhere, Timeout(3*time.Second)) })
	if inChild() {
		return
	}
	assert.Empty(t, fatal, "a lock held for 1s is within cleanDeadlockTimeout (%v)", cleanDeadlockTimeout)
	assert.True(t, r.Has(LockTimeout), "Diagnose waits deadlockTimeout (%v): %s", deadlockTimeout, r)
	assert.Contains(t, stuck, "go-deadlock said LockTimeout", "a lock never released is still a LockTimeout for ProveClean")
}
