package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// readersAtOnce is the workload ReadersAtOnce on c.
func readersAtOnce(c lockstest.Cache) func() error {
	return func() error { return lockstest.ReadersAtOnce(c) }
}

func TestRaceWriteUnderRLock(t *testing.T) {
	conctest.Prove(t, conctest.Race, "locks.(*WriteUnderRLock).Get", readersAtOnce(new(locks.WriteUnderRLock)))
}

func TestNoRaceWriteUnderLock(t *testing.T) {
	conctest.ProveClean(t, readersAtOnce(new(locks.WriteUnderLock)),
		conctest.Twin(conctest.Race, "locks.(*WriteUnderRLock).Get", readersAtOnce(new(locks.WriteUnderRLock))))
}

func ExampleWriteUnderLock() {
	var c locks.WriteUnderLock
	c.Put("a", 1)
	fmt.Println(c.Get("a"), c.Recent())
	// Output: 1 a
}
