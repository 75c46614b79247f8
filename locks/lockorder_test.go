package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// bothWays is the workload TransferBothWays with transfer: the two
// directions take turns, so no run deadlocks.
func bothWays(transfer lockstest.Transfer) func() error {
	return func() error { return lockstest.TransferBothWays(transfer, 2) }
}

func TestLockOrderTransferInCallOrder(t *testing.T) {
	conctest.Prove(t, conctest.LockOrder, "locks.TransferInCallOrder", bothWays(locks.TransferInCallOrder))
}

func TestNoLockOrderTransferByID(t *testing.T) {
	conctest.ProveClean(t, bothWays(locks.TransferByID),
		conctest.Twin(conctest.LockOrder, "locks.TransferInCallOrder", bothWays(locks.TransferInCallOrder)))
}

// The fix also survives what the broken variant cannot: both directions
// at once, as fast as they go. On the broken variant go-deadlock reports
// the inverted order as soon as the second direction reaches its second
// Lock, on every run, whether or not that run goes on to deadlock.
func TestNoHangTransferByID(t *testing.T) {
	conctest.ProveClean(t, concurrently(locks.TransferByID),
		conctest.Twin(conctest.LockOrder, "locks.TransferInCallOrder", concurrently(locks.TransferInCallOrder)))
}

// concurrently is the workload TransferConcurrently with transfer: both
// directions at once, 1000 times each.
func concurrently(transfer lockstest.Transfer) func() error {
	return func() error { return lockstest.TransferConcurrently(transfer, 1000) }
}

// intoHeld is the workload TransfersIntoHeld with transfer: two
// transfers into an account whose lock a statement holds.
func intoHeld(transfer lockstest.Transfer) func() error {
	return func() error { return lockstest.TransfersIntoHeld(transfer) }
}

// Transfers from accounts 1 and 2 into account 3 lock different first
// accounts: only the second lock, on account 3, keeps them off its balance.
func TestNoRaceTransferByID(t *testing.T) {
	conctest.ProveClean(t, intoHeld(locks.TransferByID),
		conctest.Twin(conctest.Race, "locks.TransferByIDFirstOnly", intoHeld(locks.TransferByIDFirstOnly)))
}

func ExampleTransferByID() {
	a, b := locks.NewAccount(1, 100), locks.NewAccount(2, 100)
	locks.TransferByID(a, b, 30)
	locks.TransferByID(b, a, 10) // locks a, then b, as above
	fmt.Println(a.Balance(), b.Balance())
	// Output: 80 120
}
