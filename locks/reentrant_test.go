package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// deposits is the workload Deposits on l: two goroutines, 100 deposits
// each.
func deposits(l lockstest.Ledger) func() error {
	return func() error { return lockstest.Deposits(l, 2, 100) }
}

func TestRecursiveRelock(t *testing.T) {
	conctest.Prove(t, conctest.Recursive, "locks.(*Relock).Balance", deposits(new(locks.Relock)))
}

// The deadlock go-deadlock predicts is real: the watchdog finds the
// goroutine blocked in Balance's Lock, under Deposit.
func TestHangRelock(t *testing.T) {
	t.Parallel() // the watchdog's wait is a wait, not work: it runs beside the other proofs
	conctest.Prove(t, conctest.Hang, "locks.(*Relock).Balance", deposits(new(locks.Relock)))
}

func TestNoRecursiveLockedHelper(t *testing.T) {
	conctest.ProveClean(t, deposits(new(locks.LockedHelper)),
		conctest.Twin(conctest.Recursive, "locks.(*Relock).Balance", deposits(new(locks.Relock))))
}

func ExampleLockedHelper() {
	var l locks.LockedHelper
	fmt.Println(l.Deposit(10), l.Deposit(5), l.Balance())
	// Output: 10 15 15
}
