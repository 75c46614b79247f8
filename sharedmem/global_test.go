package sharedmem_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/sharedmem"
)

// The child process changed its own copy of visits: the parent's is 0.
func TestLostProcessGlobal(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "sharedmem.ProcessGlobal: visits is 0", countVisits(sharedmem.ProcessGlobal{}))
}

// The same visit in a goroutine changes the one visits of the process.
// The twin runs in the bubble too, where no process can (its clock is
// fake): GoroutineGlobal without its Wait, whose write nothing orders
// before the read. Only the race detector sees that on every run.
func TestNoLostGoroutineGlobal(t *testing.T) {
	conctest.ProveClean(t, countVisits(sharedmem.GoroutineGlobal{}), conctest.Bubble(),
		conctest.Twin(conctest.Race, "sharedmem.visit", countVisits(sharedmem.GoroutineGlobalNoWait{})))
}

func TestNoLostProcessReply(t *testing.T) {
	conctest.ProveClean(t, countVisits(sharedmem.ProcessReply{}), processGlobalTwin)
}

var processGlobalTwin = conctest.Twin(conctest.Lost, "sharedmem.ProcessGlobal: visits is 0", countVisits(sharedmem.ProcessGlobal{}))
