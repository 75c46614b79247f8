package counter_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
)

// The fix, Mutex, is proven clean under the same workload (with its
// concurrent reader) by TestNoRaceMutex.
func TestRaceHalfLocked(t *testing.T) {
	conctest.Prove(t, conctest.Race, "counter.(*HalfLocked).Value", hammer[counter.HalfLocked](raceWorkers, raceIncs))
}
