// Package stepstest tests that a call's runs share one child while each
// leaves it as a new one would be (conctest/steps.go). It is a package of
// its own because its test binary must not hold go-deadlock's lock, whose
// lock-order graph keeps each run to a child of its own. The tests tell
// the children apart by the process id each run of fn writes down. A
// child ends at its call, so the checks after the call run in the parent
// alone.
package stepstest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { conctest.Main(m) }

func lockedIncrement() error {
	var mu sync.Mutex
	var n int
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { mu.Lock(); n++; mu.Unlock() })
	}
	wg.Wait()
	return nil
}

func racyIncrement() error {
	var n int
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { n++ })
	}
	wg.Wait()
	return nil
}

func leakySend() error {
	ch := make(chan int)
	go func() { ch <- 1 }() // nobody receives
	return nil
}

func wrongTotal() error { return errors.New("stepstest.wrongTotal: got 1, want 2") }

// pidLog is a file the runs of fn write their process ids to. The child
// re-runs the test's body, and finds the parent's file in the
// environment the parent set.
func pidLog(t *testing.T) string {
	const env = "CONCTEST_TEST_PIDS"
	if path := os.Getenv(env); path != "" {
		return path
	}
	path := filepath.Join(t.TempDir(), "pids")
	t.Setenv(env, path)
	return path
}

// writingPid is fn, after it has written this process's id to path.
func writingPid(path string, fn func() error) func() error {
	return func() error {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		fmt.Fprintln(f, os.Getpid())
		f.Close()
		return fn()
	}
}

// pids are the process ids written to path, one per run, in order.
func pids(t *testing.T, path string) []int {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var ids []int
	for line := range strings.Lines(string(data)) {
		id, err := strconv.Atoi(strings.TrimSpace(line))
		require.NoError(t, err)
		ids = append(ids, id)
	}
	return ids
}

// A fix's plain run, its bubble run and its twin's run: one child.
func TestACallsRunsShareAChild(t *testing.T) {
	path := pidLog(t)
	conctest.ProveClean(t, writingPid(path, lockedIncrement), conctest.Bubble(),
		conctest.Twin(conctest.Lost, "wrongTotal", writingPid(path, wrongTotal)))
	ids := pids(t, path)
	require.Len(t, ids, 3, "a plain run, a bubble run and the twin's")
	assert.Equal(t, []int{ids[0], ids[0], ids[0]}, ids, "the three runs are made by one child")
	assert.NotEqual(t, os.Getpid(), ids[0])
}

// A wrong result leaves nothing behind: the bubble run follows the plain
// run in the same child, and both say Lost.
func TestLostGoesOnInTheSameChild(t *testing.T) {
	path := pidLog(t)
	r := conctest.Diagnose(t, writingPid(path, wrongTotal), conctest.Bubble())
	ids := pids(t, path)
	require.Len(t, ids, 2)
	assert.Equal(t, ids[0], ids[1])
	assert.Equal(t, []string{"bubble", "plain"}, runsOf(r, conctest.Lost))
}

// The race detector reports a pair of racing stacks once per process: a
// run after a race gets a child of its own, where the same race is
// reported again.
func TestARaceEndsTheSharedChild(t *testing.T) {
	path := pidLog(t)
	r := conctest.Diagnose(t, writingPid(path, racyIncrement), conctest.Bubble())
	if r.RaceOff {
		t.Skip("needs go test -race")
	}
	ids := pids(t, path)
	require.Len(t, ids, 2)
	assert.NotEqual(t, ids[0], ids[1], "the bubble run is not made after the race, in the same child")
	assert.Equal(t, []string{"bubble", "plain"}, runsOf(r, conctest.Race))
}

// A leak ends the shared child too: the leaked goroutine would still be
// there in the next run, where the bubble run's twin finds it again.
func TestALeakEndsTheSharedChild(t *testing.T) {
	path := pidLog(t)
	r := conctest.Diagnose(t, writingPid(path, leakySend), conctest.Bubble())
	ids := pids(t, path)
	require.Len(t, ids, 2)
	assert.NotEqual(t, ids[0], ids[1], "the bubble run is not made after the leak, in the same child")
	assert.Contains(t, runsOf(r, conctest.Leak), "plain")
	assert.Contains(t, runsOf(r, conctest.Blocked), "bubble")
}

// Each run's report holds its own output, not its neighbour's.
func TestEachRunHasItsOwnOutput(t *testing.T) {
	r := conctest.Diagnose(t, printsAndFails, conctest.Bubble())
	assert.Equal(t, 2, strings.Count(r.Output, "printed by fn"), "once per run:\n%s", r.Output)
	assert.NotContains(t, r.Output, "conctest: run ", "the marker lines are the engine's")
}

func printsAndFails() error {
	fmt.Println("printed by fn")
	return errors.New("wrong total")
}

// runsOf are the runs that gave verdict v, sorted.
func runsOf(r *conctest.Report, v conctest.Verdict) []string {
	var runs []string
	for _, f := range r.Findings {
		if f.Verdict == v && !strings.Contains(strings.Join(runs, ","), f.Run) {
			runs = append(runs, f.Run)
		}
	}
	if len(runs) == 2 && runs[0] > runs[1] {
		runs[0], runs[1] = runs[1], runs[0]
	}
	return runs
}

// Written as a team writes its tests: a table over a map, parallel
// subtests, setup and a log line before each proof, a generic helper.
// Each subtest's three runs share one child of its own, whatever order
// the map gives and however the subtests overlap.
func TestATableOfFixesSharesAChildPerCall(t *testing.T) {
	dir := filepath.Dir(pidLog(t))
	cases := map[string]struct {
		fix, broken func() error
		want        conctest.Verdict
		blame       string
	}{
		"locked":     {lockedIncrement, wrongTotal, conctest.Lost, "wrongTotal"},
		"unlocked":   {lockedIncrement, racyIncrement, conctest.Race, "stepstest.racyIncrement"},
		"never-sent": {lockedIncrement, leakySend, conctest.Blocked, "stepstest.leakySend"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, name)
			t.Logf("the runs of %s write their process ids to %s", name, path)
			conctest.ProveClean(t, logged(path, c.fix), conctest.Bubble(),
				conctest.Twin(c.want, c.blame, logged(path, c.broken)))
			ids := pids(t, path)
			if c.want == conctest.Race && !raceBuild {
				require.Len(t, ids, 2, "without -race, a Race twin is not run")
			} else {
				require.Len(t, ids, 3, "a plain run, a bubble run and the twin's")
			}
			for _, id := range ids {
				assert.Equal(t, ids[0], id, "one child made the runs: %v", ids)
			}
		})
	}
}

// logged is writingPid for any function type a table may hold.
func logged[F ~func() error](path string, f F) func() error { return writingPid(path, f) }
