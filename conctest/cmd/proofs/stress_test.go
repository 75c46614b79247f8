package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// events renders go test -json events for one run of each test: a
// "proven:" line and a pass, or a failure line and a fail.
func events(t *testing.T, runs ...[3]string) string {
	t.Helper()
	var b strings.Builder
	for _, r := range runs { // test, action, output
		for _, e := range []event{
			{Action: "output", Package: "github.com/racelab/racelab/locks", Test: r[0], Output: r[2] + "\n"},
			{Action: r[1], Package: "github.com/racelab/racelab/locks", Test: r[0]},
		} {
			line, err := json.Marshal(e)
			require.NoError(t, err)
			b.Write(append(line, '\n'))
		}
	}
	return b.String()
}

func TestStressReportAllProven(t *testing.T) {
	var recs []runRecord
	for _, cpu := range []string{"1", "2"} {
		recs = append(recs, collect(strings.NewReader(events(t,
			[3]string{"TestRaceFlagEvent", "pass", "    event_test.go:18: proven: Race by race, blaming locks.(*FlagEvent).Set [60ms]"},
			[3]string{"TestRaceFlagEvent", "pass", "    event_test.go:18: proven: Race by race, blaming locks.(*FlagEvent).Set [700ms]"},
			[3]string{"TestNoPanicOnceEvent", "pass", "    event_test.go:30: proven: Clean under race, goleak [70ms]"},
			[3]string{"TestNoPanicOnceEvent", "pass", "    event_test.go:30: proven: Clean under race, goleak [80ms]"},
		)), cpu, 0, "")...)
	}
	results := tallyRecords(recs)
	var out strings.Builder
	assert.Equal(t, 0, report(results, 2, []string{"1", "2"}, &out))
	assert.Regexp(t, `locks.TestRaceFlagEvent +Race +2/2 +2/2 +60ms +700ms +500ms +OVER`, out.String(),
		"a proof slower than its budget is marked, not failed")
	assert.Regexp(t, `locks.TestNoPanicOnceEvent +Clean +2/2 +2/2 +70ms +80ms +3s +ok`, out.String())
	assert.Contains(t, out.String(), "broken variants: 0 of 4 proofs missed; fixed variants: 0 of 4 runs flagged")
}

func TestStressReportMissAndFlag(t *testing.T) {
	var recs []runRecord
	recs = append(recs, collect(strings.NewReader(events(t,
		[3]string{"TestRaceFlagEvent", "pass", "    proven: Race by race, blaming locks.(*FlagEvent).Set [60ms]"},
		[3]string{"TestRaceFlagEvent", "fail", "    event_test.go:18: TestRaceFlagEvent: Race not proven: no race reported"},
		[3]string{"TestNoPanicOnceEvent", "fail", "    event_test.go:30: TestNoPanicOnceEvent: not clean: Panic by runtime"},
	)), "2", 0, "")...)
	results := tallyRecords(recs)
	var out strings.Builder
	assert.Equal(t, 1, report(results, 2, []string{"2"}, &out))
	assert.Regexp(t, `locks.TestRaceFlagEvent +Race +1/2 .* MISSED`, out.String())
	assert.Regexp(t, `locks.TestNoPanicOnceEvent +0/2 .* FLAGGED`, out.String())
	assert.Contains(t, out.String(), "first miss of locks.TestRaceFlagEvent at cpu=2:\n    event_test.go:18: TestRaceFlagEvent: Race not proven: no race reported")
	assert.Contains(t, out.String(), "broken variants: 1 of 2 proofs missed; fixed variants: 2 of 2 runs flagged")
	assert.Contains(t, out.String(), "stress: 0 passed, 2 failed")
}

func TestStressSubtestsCountForTheirTest(t *testing.T) {
	var recs []runRecord
	recs = append(recs, collect(strings.NewReader(events(t,
		[3]string{"TestNoLeakBufferedResult/complete", "pass", "        timeout_test.go:25: proven: Clean under race, goleak [700ms]"},
		[3]string{"TestNoLeakBufferedResult", "pass", "    timeout_test.go:22: proven: Clean under race, goleak [100ms]"},
		[3]string{"TestNoLeakBufferedResult/cancel", "fail", "        timeout_test.go:25: TestNoLeakBufferedResult/cancel: not clean: Hang by watchdog"},
		[3]string{"TestNoLeakBufferedResult", "fail", "    timeout_test.go:22: proven: Clean under race, goleak [110ms]"},
	)), "2", 0, "")...)
	results := tallyRecords(recs)
	r := results["locks.TestNoLeakBufferedResult"]["2"]
	require.NotNil(t, r)
	assert.Equal(t, 2, r.runs, "a subtest's pass or fail is not a run of its test")
	assert.Equal(t, 1, r.passed)
	assert.Equal(t, "Clean", r.verdict)
	assert.Len(t, r.times, 3, "every proof's time counts, the subtests' too")
	require.Len(t, r.misses, 1)
	assert.Contains(t, r.misses[0], "TestNoLeakBufferedResult/cancel: not clean: Hang by watchdog",
		"the first miss shows the failing subtest's output")
	assert.Len(t, results, 1, "subtests get no rows of their own")
}

// proofs -stress -run 'TestX/case' stresses that subtest, on its own row.
func TestStressSubtestRows(t *testing.T) {
	var recs []runRecord
	recs = append(recs, collect(strings.NewReader(events(t,
		[3]string{"TestRegressions/watch_leak/broken", "pass", "        x_test.go:25: proven: Leak by goleak, blaming w.f [700ms]"},
		[3]string{"TestRegressions/watch_leak/fixed", "fail", "        x_test.go:25: not clean: Leak by goleak"},
		[3]string{"TestRegressions/watch_leak", "fail", ""},
		[3]string{"TestRegressions", "fail", ""},
	)), "1", 2, "")...)
	results := tallyRecords(recs)
	assert.Len(t, results, 2, "a row per subtest, none for the tests above them")
	broken := results["locks.TestRegressions/watch_leak/broken"]["1"]
	require.NotNil(t, broken)
	assert.Equal(t, 1, broken.passed)
	assert.Equal(t, "Leak", broken.verdict)
	fixed := results["locks.TestRegressions/watch_leak/fixed"]["1"]
	require.NotNil(t, fixed)
	assert.Equal(t, 0, fixed.passed)
	assert.Equal(t, 1, fixed.runs)
}

// A ProveClean with a twin gives two times: the fix's counts.
func TestStressTimeIsTheFixNotItsTwin(t *testing.T) {
	m := provenTime.FindStringSubmatch("proven: Clean under race, goleak [70ms] (clean in 5 tries of at most 5, over 1s); the same workload on its twin: Race by race, blaming x.y [900ms]")
	require.NotNil(t, m)
	assert.Equal(t, []string{"Clean", "70ms"}, m[1:])
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	assert.Equal(t, 50*time.Millisecond, percentile(ds, 50))
	assert.Equal(t, 95*time.Millisecond, percentile(ds, 95))
	assert.Equal(t, 100*time.Millisecond, ds[0], "percentile sorts a copy")
	assert.Zero(t, percentile(nil, 95))
}

func TestListTestsShard(t *testing.T) {
	for _, shard := range []string{"4/4", "-1/4", "1/0", "half"} {
		_, err := listTests("", "", shard, nil) // fails before it runs go test
		assert.ErrorContains(t, err, `bad -shard "`+shard+`"`)
	}
}

// -swap-run keeps to the go-deadlock build the tests it matches; without
// it, every test selected runs in both builds.
func TestSwapRunSelects(t *testing.T) {
	tests := []string{"TestLockOrderMapOrderBank", "TestNoLeakLookup", "TestNoLockOrderSortedBank", "TestRaceGet"}
	got, err := matching(tests, "^Test(No)?(LockOrder|Recursive|LockTimeout)")
	require.NoError(t, err)
	assert.Equal(t, []string{"TestLockOrderMapOrderBank", "TestNoLockOrderSortedBank"}, got)
	got, err = matching(tests, "")
	require.NoError(t, err)
	assert.Equal(t, tests, got)
	_, err = matching(tests, "(")
	assert.ErrorContains(t, err, "bad -swap-run")
}

// A go-deadlock build's row, longer by its label, keeps the columns
// aligned.
func TestStressColumnsFitLabelledRows(t *testing.T) {
	var recs []runRecord
	recs = append(recs, collect(strings.NewReader(events(t,
		[3]string{"TestLockOrderMapOrderBankForTheLongestName", "pass", "    bank_test.go:37: proven: LockOrder by go-deadlock, blaming flaky.(*MapOrderBank).Total [61ms]"},
	)), "1", 0, swapBuild)...)
	recs = append(recs, collect(strings.NewReader(events(t,
		[3]string{"TestRaceFlagEvent", "pass", "    event_test.go:18: proven: Race by race, blaming locks.(*FlagEvent).Set [60ms]"},
	)), "1", 0, "")...)
	results := tallyRecords(recs)
	var out strings.Builder
	report(results, 1, []string{"1"}, &out)
	lines := strings.Split(out.String(), "\n")
	at := strings.Index(lines[1], "verdict")
	require.Positive(t, at, out.String())
	for _, row := range lines[2:4] {
		verdict := strings.Index(row, "LockOrder ")
		if verdict < 0 {
			verdict = strings.Index(row, "Race ")
		}
		assert.Equal(t, at, verdict, "the verdict column of %q", row)
	}
}

// Rows of Repeat proofs show their median and 95th-percentile tries: to
// the finding, or the tries a fix ran, never its twin's; and they are
// held to the flaky-regression targets, not their verdict's budget.
func TestStressRepeatTries(t *testing.T) {
	var recs []runRecord
	var runs [][3]string
	for i := 1; i <= 20; i++ {
		runs = append(runs,
			[3]string{"TestLeakLookupUnbuffered", "pass", fmt.Sprintf("    lookup_test.go:31: proven: Leak by goleak, blaming flaky.LookupUnbuffered [%dms] (found at try %d of at most 1000, after 500ms)", 700+i, i)},
			[3]string{"TestNoLeakLookup", "pass", "    lookup_test.go:37: proven: Clean under race, goleak, invariant, watchdog [2.5s] (clean in 1000 tries of at most 1000, over 2.4s); the same workload on its twin: Leak by goleak, blaming flaky.LookupUnbuffered [800ms] (found at try 7 of at most 1000, after 600ms)"},
		)
	}
	runs = append(runs, [3]string{"TestRaceFlagEvent", "pass", "    event_test.go:18: proven: Race by race, blaming locks.(*FlagEvent).Set [60ms]"})
	recs = append(recs, collect(strings.NewReader(events(t, runs...)), "1", 0, "")...)
	results := tallyRecords(recs)
	require.NotNil(t, results["locks.TestLeakLookupUnbuffered"]["1"])
	assert.Len(t, results["locks.TestLeakLookupUnbuffered"]["1"].tries, 20)
	assert.Equal(t, []int{1000}, slices.Compact(slices.Clone(results["locks.TestNoLeakLookup"]["1"].tries)), "the fix's tries, not its twin's")
	assert.Empty(t, results["locks.TestRaceFlagEvent"]["1"].tries)

	var out strings.Builder
	report(results, 20, []string{"1"}, &out)
	assert.Regexp(t, `proof +verdict +cpu=1 +p50 +p95 +tries50 +tries95 +budget +status`, out.String())
	assert.Regexp(t, `locks.TestLeakLookupUnbuffered +Leak +20/20 +710ms +719ms +10 +19 +5s +ok`, out.String(),
		"a Leak budget is 1s, but a Repeat proof's target is p95 under 5s")
	assert.Regexp(t, `locks.TestNoLeakLookup +Clean +20/20 +2.5s +2.5s +1000 +1000 +- +ok`, out.String(), "a fix's time is bounded by the Repeat budget")
	assert.Regexp(t, `locks.TestRaceFlagEvent +Race +1/20 +60ms +60ms +- +- +500ms +MISSED`, out.String())

	slow := map[string]map[string]*stressResult{"flaky.TestLeakSlow": {"1": {
		verdict: "Leak", passed: 2, runs: 2, times: []time.Duration{1200 * time.Millisecond, 1300 * time.Millisecond}, tries: []int{40, 50},
	}}}
	out.Reset()
	report(slow, 2, []string{"1"}, &out)
	assert.Regexp(t, `flaky.TestLeakSlow +Leak +2/2 +1.2s +1.3s +40 +50 +5s +OVER`, out.String(), "a median over 1s is OVER")
}

// A twin that took more than one try is no failure, but the run says how
// often it happened, for each proof: a twin that misses often barely
// reaches its window. A Repeat proof's twin takes many tries by design.
func TestStressCountsTwinRetries(t *testing.T) {
	var recs []runRecord
	line := "    pool_test.go:36: proven: Clean under race, go-deadlock, goleak, invariant, watchdog, synctest [361ms]; the same workload on its twin: Race by race, blaming prodcons.SharedAppend [243ms]"
	runs := [][3]string{
		{"TestNoRaceAsCompleted", "pass", line},
		{"TestNoRaceAsCompleted/cancel", "pass", line + " (found at try 2 of at most 3, after 120ms)"},
		{"TestNoRaceAsCompleted", "pass", line},
		{"TestNoLeakLookup", "pass", "    lookup_test.go:37: proven: Clean under race, goleak, invariant, watchdog [2.5s] (clean in 1000 tries of at most 1000, over 2.4s); the same workload on its twin: Leak by goleak, blaming flaky.LookupUnbuffered [800ms] (found at try 7 of at most 1000, after 600ms)"},
	}
	recs = append(recs, collect(strings.NewReader(events(t, runs...)), "2", 0, "")...)
	results := tallyRecords(recs)
	assert.Equal(t, 1, results["locks.TestNoRaceAsCompleted"]["2"].retried)
	assert.Zero(t, results["locks.TestNoLeakLookup"]["2"].retried, "a Repeat proof's twin")

	var out strings.Builder
	report(results, 3, []string{"2"}, &out)
	assert.Contains(t, out.String(), "twins of locks.TestNoRaceAsCompleted at cpu=2: 1 of 3 needed more than one try (TestNoRaceAsCompleted/cancel)")
	assert.Contains(t, out.String(), "; twins: 1 of 4 needed more than one try")
}

// A build that cannot run (here the go-deadlock build's overlay is not
// there) fails the stress run: before, its rows were left out and the
// run passed.
func TestStressFailsWhenABuildRunsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	var out strings.Builder
	code := stress(stressConfig{n: 1, cpus: []string{"1"}, run: "^TestStressFixture$", shard: "0/1",
		swapOverlay: filepath.Join(t.TempDir(), "missing.json"), pkgs: []string{"."}}, &out)
	if code == 0 || !strings.Contains(out.String(), "ran no proof") {
		t.Fatalf("stress gave %d with a go-deadlock build that cannot run:\n%s", code, out.String())
	}
}

// TestStressFixture is what TestStressFailsWhenABuildRunsNothing stresses.
func TestStressFixture(t *testing.T) {}
