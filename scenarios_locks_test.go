package racelab

import (
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// stuck are the cells of a mutex deadlock that go-deadlock predicts
// (Recursive, at the second lock) and then sees waiting (LockTimeout):
// the watchdog finds the goroutines blocked and goleak finds them left
// over. synctest cannot help: a goroutine blocked on a mutex is not
// durably blocked, so a bubble would hang too.
var stuck = cells{race: "Clean", goleak: "Leak", deadlock: "Recursive+LockTimeout", synctest: "n/a",
	runtime: "Clean", invariant: "Clean", watchdog: "Hang"}

// The mutex lessons' workloads (internal/lockstest), on its interfaces.
func deposits(workers, n int) workload {
	return on(func(l lockstest.Ledger) error { return lockstest.Deposits(l, workers, n) })
}

func bothWays(rounds int) workload {
	return on(func(f lockstest.Transfer) error { return lockstest.TransferBothWays(f, rounds) })
}

func adds(workers, n int) workload {
	return on(func(g lockstest.Gauge) error { return lockstest.AddConcurrently(g, workers, n) })
}

var transfer = value[lockstest.Transfer]

// locksRows are the catalog rows of the locks package's mutex lessons (see scenarios_test.go
// for the row format), in the package's reading order.
var locksRows = []row{
	{variant: "locks.Relock", make: fresh[locks.Relock], work: deposits(2, 100),
		verdict: conctest.Recursive, blame: "locks.(*Relock).Balance", want: stuck},
	{variant: "locks.LockedHelper", make: fresh[locks.LockedHelper], work: deposits(2, 100), twin: "locks.Relock", want: clean},
	// A writer is made to wait between the two RLocks, so the nested one
	// really blocks.
	{variant: "locks.NestedRLock", make: fresh[locks.NestedRLock], work: on(lockstest.WriterBetweenRLocks),
		verdict: conctest.Recursive, blame: "locks.(*NestedRLock).Len", want: stuck},
	{variant: "locks.OneRLock", make: fresh[locks.OneRLock], work: on(lockstest.WriterBetweenRLocks), twin: "locks.NestedRLock", want: clean},
	{variant: "locks.WriteUnderRLock", make: fresh[locks.WriteUnderRLock], work: on(lockstest.ReadersAtOnce),
		verdict: conctest.Race, blame: "locks.(*WriteUnderRLock).Get",
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.WriteUnderLock", make: fresh[locks.WriteUnderLock], work: on(lockstest.ReadersAtOnce), twin: "locks.WriteUnderRLock", want: clean},
	// The transfers take turns, so this run never deadlocks: go-deadlock
	// reports the inverted order all the same.
	{variant: "locks.TransferInCallOrder", make: transfer(locks.TransferInCallOrder), work: bothWays(2),
		verdict: conctest.LockOrder, blame: "locks.TransferInCallOrder",
		want: cells{race: "Clean", goleak: "Clean", deadlock: "LockOrder", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.TransferByID", make: transfer(locks.TransferByID), work: bothWays(2), twin: "locks.TransferInCallOrder", want: clean},
	// The next caller waits for a lock nobody will release: no recursion
	// (another goroutine holds nothing), only the wait.
	{variant: "locks.EarlyReturn", make: fresh[locks.EarlyReturn], work: on(lockstest.WithdrawAfterShortfall),
		verdict: conctest.LockTimeout, blame: "locks.(*EarlyReturn).Withdraw",
		want: cells{race: "Clean", goleak: "Leak", deadlock: "LockTimeout", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Hang"}},
	{variant: "locks.DeferUnlock", make: fresh[locks.DeferUnlock], work: on(lockstest.WithdrawAfterShortfall), twin: "locks.EarlyReturn", want: clean},
	// vet-only: the copy is rejected by go vet, so it never runs; the
	// fix's twin is its mutation addsToCopy, below.
	{variant: "locks.CopyValue", verdict: conctest.Vet, blame: "passes lock by value", vet: "locks/testdata/copylock",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "locks.PointerReceiver", make: fresh[locks.PointerReceiver], work: adds(4, 1000), twin: "racelab.addsToCopy", want: clean},
}

// mutations are fixes mutated in one line, declared where no broken
// variant can run a fix's workload: each is a twin, never a row.
var mutations = []row{
	{variant: "racelab.addsToCopy", make: func() any { return addsToCopy{new(locks.PointerReceiver)} },
		verdict: conctest.Lost, blame: "racelab.addsToCopy"},
}

// addsToCopy is locks.PointerReceiver with the bug of locks.CopyValue in
// a form go vet lets compile: each Add goes to a gauge of its own, as a
// value receiver's copy would, so every Add is lost and no two goroutines
// ever share memory for the race detector to see.
type addsToCopy struct{ *locks.PointerReceiver }

func (addsToCopy) Add(d int) { new(locks.PointerReceiver).Add(d) } // mutated: g.Add(d), on the gauge itself
