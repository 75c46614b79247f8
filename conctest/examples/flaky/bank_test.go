package flaky_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type ledger interface {
	Transfer(from, to string, amount int)
	Total() int
}

// payDuringAudit is the regression: alice pays bob while the bank sums
// its balances.
func payDuringAudit(newBank func(map[string]int) ledger) func() error {
	return func() error {
		b := newBank(map[string]int{"alice": 100, "bob": 100, "carol": 100})
		var wg sync.WaitGroup
		wg.Go(func() { b.Transfer("alice", "bob", 10) })
		total := b.Total()
		wg.Wait()
		if total != 300 {
			return fmt.Errorf("Total() = %d, want 300", total)
		}
		return nil
	}
}

func mapOrderBank(balances map[string]int) ledger { return flaky.NewMapOrderBank(balances) }
func sortedBank(balances map[string]int) ledger   { return flaky.NewSortedBank(balances) }

func TestLockOrderMapOrderBank(t *testing.T) {
	conctest.Prove(t, conctest.LockOrder, "flaky.(*MapOrderBank).Total", payDuringAudit(mapOrderBank), repeat)
}

func TestNoLockOrderSortedBank(t *testing.T) {
	conctest.ProveClean(t, payDuringAudit(sortedBank), repeat,
		conctest.Twin(conctest.LockOrder, "flaky.(*MapOrderBank).Total", payDuringAudit(mapOrderBank), repeat))
}
