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
	conctest.ProveClean(t, doubleAll(sharedmem.LockedCursor{}), sharedCursorTwin)
}

func TestNoLostPartitioned(t *testing.T) {
	conctest.ProveClean(t, doubleAll(sharedmem.Partitioned{}), sharedCursorTwin)
}

// LockedCursor and Partitioned fix SharedCursor: the same workload on it
// doubles an element twice.
var sharedCursorTwin = conctest.Twin(conctest.Lost, "sharedmem.SharedCursor", doubleAll(sharedmem.SharedCursor{}))
