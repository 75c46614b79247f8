package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

func TestVetCopyValue(t *testing.T) {
	static.Prove(t, "testdata/copylock", "Add passes lock by value")
	static.Prove(t, "testdata/copylock", "range var g copies lock")
}

// CopyValue cannot run (go vet rejects it): the twin is the fix with its
// lock dropped, a mutant.
func TestNoLostPointerReceiver(t *testing.T) {
	conctest.ProveClean(t, adds(new(locks.PointerReceiver)),
		conctest.Twin(conctest.Race, "locks.(*PointerReceiverUnlocked).Add", adds(new(locks.PointerReceiverUnlocked))))
}

// adds is the workload AddConcurrently on g: four goroutines, 1000 Adds
// each.
func adds(g lockstest.Gauge) func() error {
	return func() error { return lockstest.AddConcurrently(g, 4, 1000) }
}

func ExamplePointerReceiver() {
	gs := []*locks.PointerReceiver{new(locks.PointerReceiver), new(locks.PointerReceiver)}
	gs[0].Add(2)
	gs[1].Add(3)
	fmt.Println(locks.TotalOf(gs))
	// Output: 5
}
