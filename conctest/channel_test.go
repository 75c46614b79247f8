package conctest

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Correct code may print anything, a detector's marker text included: a
// verdict comes from a detector's own channel, never from what fn prints.
func TestMarkersPrintedByCorrectCodeAreNoVerdict(t *testing.T) {
	markers := []string{
		"fatal error: config reload failed",
		"WARNING: DATA RACE",
		"POTENTIAL DEADLOCK:",
		"POTENTIAL DEADLOCK: Inconsistent locking. saw this ordering in one goroutine:",
		"POTENTIAL DEADLOCK: Recursive locking:",
		"panic: test timed out after 5s",
		"found unexpected goroutines:",
		"panic: deadlock: all goroutines in bubble are blocked",
		"conctest: invariant violated: x",
		"conctest: error: x",
		`{"kind":"finding","verdict":"Race","detector":"race","text":"x"}`,
		"panic: bad input (recovered)",
	}
	print := func() error {
		for _, m := range markers {
			fmt.Println(m)
			fmt.Fprintln(os.Stderr, m)
			fmt.Fprintf(os.Stderr, "%s\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:1 +0x1\n", m)
		}
		return nil
	}
	r := Diagnose(t, print, Bubble())
	assert.Equal(t, []Verdict{Clean}, r.Verdicts(), "%s\n%s", r, r.Excerpt())
	assert.Contains(t, r.Output, "WARNING: DATA RACE", "what fn prints is shown")
	fatal, _ := outcome(t, func(t testing.TB) { Prove(t, Panic, "bad input", print) })
	if !inChild() {
		assert.Contains(t, fatal, "no panic reported")
	}
}

// A conctest call inside fn cannot run in the child: it is refused, and
// the outer proof fails with the reason.
func TestNestedCallIsRefused(t *testing.T) {
	fatal, _ := outcome(t, func(t testing.TB) {
		ProveClean(t, func() error {
			Diagnose(t, lockedIncrement)
			return nil
		})
	})
	if !inChild() {
		assert.Contains(t, fatal, "nested")
	}
}

// Functions from a map come in another order in the child: each is
// still the one run for its call.
func TestCallsOverAMapRunTheirOwnFunction(t *testing.T) {
	want := map[string][]Verdict{"lost": {Lost}, "clean": {Clean}, "race": {Clean}}
	if raceEnabled {
		want["race"] = []Verdict{Race}
	}
	fns := map[string]func() error{"lost": wrongTotal, "clean": lockedIncrement, "race": racyIncrement}
	for name, fn := range fns {
		r := Diagnose(t, fn)
		assert.Equal(t, want[name], r.Verdicts(), name)
	}
}

// The test's setup before its call runs again in the child, and counts
// against the test's deadline only: not against fn's watchdog.
func TestSetupBeforeTheCallIsNotTheCallsTime(t *testing.T) {
	time.Sleep(2 * time.Second)
	r := Diagnose(t, lockedIncrement, Timeout(time.Second))
	assert.Equal(t, []Verdict{Clean}, r.Verdicts(), r.Excerpt())
}

// A child starts where the test binary started, so the test's t.Chdir
// on its way to the call takes it where it took the parent.
func TestChdirBeforeTheCall(t *testing.T) {
	t.Chdir("testdata")
	r := Diagnose(t, func() error {
		_, err := os.Stat("race.txt")
		return err
	})
	assert.Equal(t, []Verdict{Clean}, r.Verdicts(), r.Excerpt())
}

// A Diagnose's report used after the call, and a second call after it:
// the child gets the parent's report of the first on its way to the
// second.
func TestReportUsedBeforeTheNextCall(t *testing.T) {
	r := Diagnose(t, wrongTotal)
	require.Equal(t, []Verdict{Lost}, r.Verdicts())
	if r.Verdicts()[0] != Lost {
		t.FailNow() // a child given no report would stop here
	}
	r2 := Diagnose(t, lockedIncrement)
	assert.Equal(t, []Verdict{Clean}, r2.Verdicts(), r2.Excerpt())
}

// The user's GORACE and GODEBUG reach the child, with the engine's
// settings added.
func TestChildKeepsGORACEAndGODEBUG(t *testing.T) {
	if !inChild() {
		t.Setenv("GORACE", "history_size=7")
		t.Setenv("GODEBUG", "asyncpreemptoff=1")
	}
	r := Diagnose(t, func() error {
		if g, d := os.Getenv("GORACE"), os.Getenv("GODEBUG"); !strings.Contains(g, "history_size=7") || d != "asyncpreemptoff=1" {
			return fmt.Errorf("GORACE=%q GODEBUG=%q", g, d)
		}
		return nil
	})
	assert.Equal(t, []Verdict{Clean}, r.Verdicts(), r.Excerpt())
}

// A Repeat without a cap runs as many tries as its budget allows: a bug
// that shows only after a thousand runs, which the old default of 1,000
// tries missed, is found.
func TestRepeatWithoutACapFindsALateBug(t *testing.T) {
	var runs atomic.Int64
	late := func() error {
		if runs.Add(1) > 1500 {
			return errors.New("the 1501st run")
		}
		return nil
	}
	r := Diagnose(t, late, Repeat(0, 60*time.Second))
	assert.Equal(t, 0, r.MaxTries)
	assert.Equal(t, 1501, r.Tries, r.String())
	assert.NoError(t, r.Check(Lost, "the 1501st run"))
}

// A Repeat that cannot fit before the test's deadline is refused, not
// cut short by go test's own panic.
func TestRepeatLongerThanTheDeadlineIsRefused(t *testing.T) {
	fatal, _ := outcome(t, func(t testing.TB) { Diagnose(t, lockedIncrement, Repeat(0, 1000*time.Hour)) })
	if !inChild() {
		assert.True(t, strings.HasPrefix(fatal, "conctest.Diagnose: Repeat's budget"), fatal)
		assert.Contains(t, fatal, "do not fit")
	}
}

// A twin has tries of its own: the fix's single run does not limit a
// twin that shows its bug only now and then.
func TestTwinHasARepeatOfItsOwn(t *testing.T) {
	ProveClean(t, lockedIncrement, Twin(Leak, "conctest.leakySend", flakyLeak, Repeat(0, 5*time.Second)))
}

// A benchmark cannot run a proof: it is refused at once, with the reason.
func TestProofFromABenchmarkIsRefused(t *testing.T) {
	f := &fakeT{T: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		ProveClean(benchFake{f}, lockedIncrement)
	}()
	<-done
	// The engine's own refusal, before any child runs: not a failed run
	// whose output happens to quote these words.
	assert.True(t, strings.HasPrefix(f.fatal, "conctest.ProveClean: called from a benchmark"), f.fatal)
}

// benchFake is a fake that says it is a benchmark's.
type benchFake struct{ *fakeT }

func (benchFake) B() *testing.B { return new(testing.B) }

// A failed proof's message is the detectors' word and the child's own
// output as context: none of the engine's protocol, and none of the
// testing package's lines about the child's test, which read as the
// parent's.
func TestFailureCarriesNoProtocolOrTestingLines(t *testing.T) {
	fatal, _ := outcome(t, func(t testing.TB) {
		ProveClean(t, func() error {
			fmt.Println("loading fixtures")
			return wrongTotal()
		}, Repeat(3, 5*time.Second))
	})
	if inChild() {
		return
	}
	assert.Contains(t, fatal, "invariant said Lost")
	assert.Contains(t, fatal, "of at most 3")
	for _, noise := range []string{"conctest: begin", "conctest: end", "conctest: tries", `"kind":`, "=== RUN", "--- PASS", "\nPASS\n"} {
		assert.NotContains(t, fatal, noise)
	}
}
