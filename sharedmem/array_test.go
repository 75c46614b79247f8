package sharedmem_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/sharedmem"
)

func TestLostSharedCursor(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "sharedmem.SharedCursor", doubleAll(sharedmem.SharedCursor{}))
}

func TestNoLostLockedCursor(t *testing.T) {
	conctest.ProveClean(t, doubleAll(sharedmem.LockedCursor{}))
}

func TestNoLostPartitioned(t *testing.T) {
	conctest.ProveClean(t, doubleAll(sharedmem.Partitioned{}))
}
