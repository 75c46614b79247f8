package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// claimTwice is the workload ClaimTwice on r.
func claimTwice(r lockstest.Names) func() error {
	return func() error { return lockstest.ClaimTwice(r) }
}

func TestLostLoadThenStore(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "locks.LoadThenStore", claimTwice(new(locks.LoadThenStore)))
}

func TestNoLostLoadOrStore(t *testing.T) {
	conctest.ProveClean(t, claimTwice(new(locks.LoadOrStore)),
		conctest.Twin(conctest.Lost, "locks.LoadThenStore", claimTwice(new(locks.LoadThenStore))))
}

func TestNoLostLockedClaim(t *testing.T) {
	conctest.ProveClean(t, claimTwice(new(locks.LockedClaim)),
		conctest.Twin(conctest.Lost, "locks.LoadThenStore", claimTwice(new(locks.LoadThenStore))))
}

func ExampleLoadOrStore() {
	var r locks.LoadOrStore
	fmt.Println(r.Claim("printer", "alice"), r.Claim("printer", "bob"), r.Owner("printer"))
	// Output: true false alice
}

func ExampleLockedClaim() {
	var r locks.LockedClaim
	fmt.Println(r.Claim("printer", "alice"), r.Claim("printer", "bob"), r.Owner("printer"))
	// Output: true false alice
}
