package svc_test

import (
	"fmt"
	"testing"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

type counter[T svc.Number] interface {
	Inc()
	Value() T
}

// twoRequests has two requests increment a new counter at once, 50
// times each, and checks the total.
func twoRequests[T svc.Number, C counter[T]](newCounter func() C) func() error {
	return func() error {
		c := newCounter()
		err := conctest.Together(2, func(int) error {
			for range 50 {
				c.Inc()
			}
			return nil
		})
		if got := c.Value(); got != 100 {
			return fmt.Errorf("count is %d after 100 increments", got)
		}
		return err
	}
}

func TestCounterCounts(t *testing.T) {
	for _, n := range []int{0, 1, 1000} {
		var c svc.LockedCounter[int64]
		for range n {
			c.Inc()
		}
		if got := c.Value(); got != int64(n) {
			t.Errorf("after %d increments: %d", n, got)
		}
	}
}

// INC-212: two requests at once lost an increment.
func TestCounterIncRaces(t *testing.T) {
	conctest.Prove(t, conctest.Race, "svc.(*Counter).Inc", twoRequests(func() *svc.Counter[int] { return new(svc.Counter[int]) }))
}

// lockedCounters are the fix of INC-212 for each number type, each with
// the counter it fixes, under the same two requests.
func lockedCounters() map[string]struct{ fixed, broken func() error } {
	return map[string]struct{ fixed, broken func() error }{
		"int": {
			fixed:  twoRequests(func() *svc.LockedCounter[int] { return new(svc.LockedCounter[int]) }),
			broken: twoRequests(func() *svc.Counter[int] { return new(svc.Counter[int]) }),
		},
		"int64": {
			fixed:  twoRequests(func() *svc.LockedCounter[int64] { return new(svc.LockedCounter[int64]) }),
			broken: twoRequests(func() *svc.Counter[int64] { return new(svc.Counter[int64]) }),
		},
	}
}

func TestLockedCounter(t *testing.T) {
	for name, tc := range lockedCounters() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			conctest.ProveClean(t, tc.fixed, conctest.Twin(conctest.Race, "svc.(*Counter).Inc", tc.broken))
		})
	}
}

// What every detector says of the fix, and of the old counter under the
// same load, for the incident's report.
func TestLockedCounterDiagnosis(t *testing.T) {
	for name, tc := range lockedCounters() {
		conctest.Run(t, name, func(t *testing.T) {
			r := conctest.Diagnose(t, tc.fixed, conctest.Twin(conctest.Race, "svc.(*Counter).Inc", tc.broken))
			t.Logf("LockedCounter[%s]: %s", name, r)
			wantVerdicts(t, "LockedCounter["+name+"]", r, clean)
			r.Twin.Prove(t, conctest.Race, "svc.(*Counter).Inc")
		})
	}
}
