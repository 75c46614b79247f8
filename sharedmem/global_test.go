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
func TestNoLostGoroutineGlobal(t *testing.T) {
	conctest.ProveClean(t, countVisits(sharedmem.GoroutineGlobal{}), conctest.Bubble())
}

func TestNoLostProcessReply(t *testing.T) {
	conctest.ProveClean(t, countVisits(sharedmem.ProcessReply{}))
}
