package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// withdrawals is the workload WithdrawAfterShortfall on w.
func withdrawals(w lockstest.Wallet) func() error {
	return func() error { return lockstest.WithdrawAfterShortfall(w) }
}

func TestLockTimeoutEarlyReturn(t *testing.T) {
	conctest.Prove(t, conctest.LockTimeout, "locks.(*EarlyReturn).Withdraw", withdrawals(new(locks.EarlyReturn)))
}

// The next withdrawal really never returns: the watchdog finds it in
// Withdraw's Lock.
func TestHangEarlyReturn(t *testing.T) {
	t.Parallel() // the watchdog's wait is a wait, not work: it runs beside the other proofs
	conctest.Prove(t, conctest.Hang, "locks.(*EarlyReturn).Withdraw", withdrawals(new(locks.EarlyReturn)))
}

func TestNoLockTimeoutDeferUnlock(t *testing.T) {
	conctest.ProveClean(t, withdrawals(new(locks.DeferUnlock)),
		conctest.Twin(conctest.LockTimeout, "locks.(*EarlyReturn).Withdraw", withdrawals(new(locks.EarlyReturn))))
}

func ExampleDeferUnlock() {
	var w locks.DeferUnlock
	w.Deposit(100)
	fmt.Println(w.Withdraw(150))
	fmt.Println(w.Withdraw(60)) // the failed Withdraw unlocked
	// Output:
	// insufficient funds
	// <nil>
}
