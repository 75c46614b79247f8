package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/locks"
)

func TestVetCopyValue(t *testing.T) {
	conctest.ProveVet(t, "testdata/copylock", "Add passes lock by value")
	conctest.ProveVet(t, "testdata/copylock", "range var g copies lock")
}

func TestNoLostPointerReceiver(t *testing.T) {
	conctest.ProveClean(t, func() error { return locks.AddConcurrently(new(locks.PointerReceiver), 4, 1000) })
}

func ExamplePointerReceiver() {
	gs := []*locks.PointerReceiver{new(locks.PointerReceiver), new(locks.PointerReceiver)}
	gs[0].Add(2)
	gs[1].Add(3)
	fmt.Println(locks.TotalOf(gs))
	// Output: 5
}
