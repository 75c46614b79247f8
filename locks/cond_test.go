package locks_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// handoff is the workload CondHandoff on a fresh queue from newQ, made
// inside the run.
func handoff[Q lockstest.CondQueue](newQ func() Q) func() error {
	return func() error { return lockstest.CondHandoff(newQ()) }
}

func TestPanicWaitInIf(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "locks.(*WaitInIf).Get", handoff(locks.NewWaitInIf))
}

func TestPanicWaitUnlocked(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "locks.(*WaitUnlocked).Get", handoff(locks.NewWaitUnlocked))
}

// Close wakes one consumer; the other stays in SignalOnClose.Get's Wait.
func TestBlockedSignalOnClose(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "locks.(*SignalOnClose).Get", handoff(locks.NewSignalOnClose))
}

func TestLeakSignalOnClose(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "locks.(*SignalOnClose).Get", handoff(locks.NewSignalOnClose))
}

// Of WaitLoop's three broken siblings, the twin is WaitInIf: the if that
// the for loop replaces.
func TestNoPanicWaitLoop(t *testing.T) {
	conctest.ProveClean(t, handoff(locks.NewWaitLoop), conctest.Bubble(),
		conctest.Twin(conctest.Panic, "locks.(*WaitInIf).Get", handoff(locks.NewWaitInIf)))
}

func ExampleWaitLoop() {
	q := locks.NewWaitLoop()
	var wg sync.WaitGroup
	sums := make([]int, 2)
	for i := range sums {
		wg.Go(func() {
			for v, ok := q.Get(); ok; v, ok = q.Get() {
				sums[i] += v
			}
		})
	}
	for v := range 10 {
		q.Put(v + 1)
	}
	q.Close() // wakes every consumer; each returns once the queue is empty
	wg.Wait()
	fmt.Println(sums[0] + sums[1])
	// Output: 55
}
