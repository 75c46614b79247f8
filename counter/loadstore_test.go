package counter_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
)

func TestLostLoadStore(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "counter.LoadStore", interleave[counter.LoadStore])
}

func TestNoLostCAS(t *testing.T) {
	conctest.ProveClean(t, interleave[counter.CAS])
}

func TestNoLostAtomic(t *testing.T) {
	conctest.ProveClean(t, interleave[counter.Atomic])
}
