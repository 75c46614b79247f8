package counter_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
)

func TestLostLoadStore(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "counter.LoadStore", interleave[counter.LoadStore])
}

// The twin is the variant CAS fixes: its Store where CAS swaps.
func TestNoLostCAS(t *testing.T) {
	conctest.ProveClean(t, interleave[counter.CAS],
		conctest.Twin(conctest.Lost, "counter.LoadStore", interleave[counter.LoadStore]))
}

// The twin is Atomic with its Add split into a Load and a Store: the
// window is inside an Inc, so the workload must reach it.
func TestNoLostAtomic(t *testing.T) {
	conctest.ProveClean(t, interleave[counter.Atomic],
		conctest.Twin(conctest.Lost, "counter.AtomicLoadStore", interleave[counter.AtomicLoadStore]))
}
