package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// announce is the workload Announce on a fresh event from newE, made
// inside the run (a synctest bubble sees only channels made inside it).
func announce[E lockstest.Event](newE func() E) func() error {
	return func() error { return lockstest.Announce(newE()) }
}

func TestRaceFlagEvent(t *testing.T) {
	conctest.Prove(t, conctest.Race, "locks.(*FlagEvent).Set", announce(func() *locks.FlagEvent { return new(locks.FlagEvent) }))
}

func TestVetSpinFlag(t *testing.T) {
	static.Prove(t, "testdata/spinflag", "loop condition never changes or has a race condition")
}

func TestPanicCloseEvent(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "locks.(*CloseEvent).Set", announce(locks.NewCloseEvent))
}

func TestNoPanicOnceEvent(t *testing.T) {
	conctest.ProveClean(t, announce(locks.NewOnceEvent), conctest.Bubble(), closeEventTwin)
}

func TestNoPanicContextEvent(t *testing.T) {
	conctest.ProveClean(t, announce(locks.NewContextEvent), conctest.Bubble(), closeEventTwin)
}

// closeEventTwin is what both fixes fix: the channel closed on every Set.
var closeEventTwin = conctest.Twin(conctest.Panic, "locks.(*CloseEvent).Set", announce(locks.NewCloseEvent))

func ExampleOnceEvent() {
	ready := locks.NewOnceEvent()
	var msg string
	go func() {
		msg = "ready"
		ready.Set()
	}()
	ready.Wait() // the close in Set synchronizes before Wait returns
	ready.Set()  // a second Set does nothing
	fmt.Println(msg)
	// Output: ready
}

func ExampleContextEvent() {
	stop := locks.NewContextEvent()
	stop.Set()
	stop.Set() // a CancelFunc may be called again
	stop.Wait()
	fmt.Println("stopped")
	// Output: stopped
}
