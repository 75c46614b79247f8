package mustfail_test

import (
	"slices"
	"sync"
	"testing"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

// hammer has n requests increment a locked counter at once.
func hammer(n int) func() error {
	return func() error {
		var c svc.LockedCounter[int]
		return conctest.Together(n, func(int) error {
			c.Inc()
			return nil
		})
	}
}

func countOnce() error {
	var c svc.LockedCounter[int]
	c.Inc()
	return nil
}

// A proof inside a proof.
func TestNestedProof(t *testing.T) {
	mustFail(t)
	conctest.ProveClean(t, func() error {
		if got := conctest.Diagnose(t, countOnce).Verdicts(); !slices.Equal(got, []conctest.Verdict{conctest.Clean}) {
			t.Errorf("inner proof: %v", got)
		}
		return nil
	})
}

// One function literal, several closures, no subtests: a child cannot
// tell which closure its parent proved when the map's order changes.
func TestClosuresOfOneLiteral(t *testing.T) {
	mustFail(t)
	for name, n := range map[string]int{"one": 1, "two": 2, "four": 4, "eight": 8} {
		t.Logf("%s writers", name)
		conctest.ProveClean(t, hammer(n))
	}
}

// Proofs at one call site, from several goroutines at once.
func TestProofsFromGoroutines(t *testing.T) {
	mustFail(t)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { conctest.ProveClean(t, countOnce) })
	}
	wg.Wait()
}
