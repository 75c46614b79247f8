package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// writerBetween is the workload WriterBetweenRLocks on r.
func writerBetween(r lockstest.Registry) func() error {
	return func() error { return lockstest.WriterBetweenRLocks(r) }
}

func TestRecursiveNestedRLock(t *testing.T) {
	conctest.Prove(t, conctest.Recursive, "locks.(*NestedRLock).Len", writerBetween(new(locks.NestedRLock)))
}

// With the writer waiting, the nested RLock really blocks: the watchdog
// finds Get's goroutine in Len's RLock and the writer in Set's Lock.
func TestHangNestedRLock(t *testing.T) {
	t.Parallel() // the watchdog's wait is a wait, not work: it runs beside the other proofs
	conctest.Prove(t, conctest.Hang, "locks.(*NestedRLock).Len", writerBetween(new(locks.NestedRLock)))
}

func TestNoRecursiveOneRLock(t *testing.T) {
	conctest.ProveClean(t, writerBetween(new(locks.OneRLock)),
		conctest.Twin(conctest.Recursive, "locks.(*NestedRLock).Len", writerBetween(new(locks.NestedRLock))))
}

func ExampleOneRLock() {
	var r locks.OneRLock
	r.Set("a", 1)
	r.Set("b", 2)
	fmt.Println(r.Get("b"))
	// Output: 2 2
}
