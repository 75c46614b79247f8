package racelab

import "github.com/racelab/racelab/locks"

// stuck are the cells of a mutex deadlock that go-deadlock predicts
// (Recursive, at the second lock) and then sees waiting (LockTimeout):
// the watchdog finds the goroutines blocked and goleak finds them left
// over. synctest cannot help: a goroutine blocked on a mutex is not
// durably blocked, so a bubble would hang too.
var stuck = cells{race: "Clean", goleak: "Leak", deadlock: "Recursive+LockTimeout", synctest: "n/a",
	runtime: "Clean", invariant: "Clean", watchdog: "Hang"}

// locksRows are the catalog rows of the locks package's mutex lessons (see scenarios_test.go
// for the row format), in the package's reading order.
var locksRows = []row{
	{variant: "locks.Relock", blame: "locks.(*Relock).Balance",
		run:  func() error { return locks.Deposits(new(locks.Relock), 2, 100) },
		want: stuck},
	{variant: "locks.LockedHelper", run: func() error { return locks.Deposits(new(locks.LockedHelper), 2, 100) }, want: clean},
	// A writer is made to wait between the two RLocks, so the nested one
	// really blocks.
	{variant: "locks.NestedRLock", blame: "locks.(*NestedRLock).Len",
		run:  func() error { return locks.WriterBetweenRLocks(new(locks.NestedRLock)) },
		want: stuck},
	{variant: "locks.OneRLock", run: func() error { return locks.WriterBetweenRLocks(new(locks.OneRLock)) }, want: clean},
	{variant: "locks.WriteUnderRLock", blame: "locks.(*WriteUnderRLock).Get",
		run:  func() error { return locks.ReadersAtOnce(new(locks.WriteUnderRLock)) },
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.WriteUnderLock", run: func() error { return locks.ReadersAtOnce(new(locks.WriteUnderLock)) }, want: clean},
	// The transfers take turns, so this run never deadlocks: go-deadlock
	// reports the inverted order all the same.
	{variant: "locks.TransferInCallOrder", blame: "locks.TransferInCallOrder",
		run:  func() error { return locks.TransferBothWays(locks.TransferInCallOrder, 2) },
		want: cells{race: "Clean", goleak: "Clean", deadlock: "LockOrder", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.TransferByID", run: func() error { return locks.TransferBothWays(locks.TransferByID, 2) }, want: clean},
	// The next caller waits for a lock nobody will release: no recursion
	// (another goroutine holds nothing), only the wait.
	{variant: "locks.EarlyReturn", blame: "locks.(*EarlyReturn).Withdraw",
		run:  func() error { return locks.WithdrawAfterShortfall(new(locks.EarlyReturn)) },
		want: cells{race: "Clean", goleak: "Leak", deadlock: "LockTimeout", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Hang"}},
	{variant: "locks.DeferUnlock", run: func() error { return locks.WithdrawAfterShortfall(new(locks.DeferUnlock)) }, want: clean},
	// vet-only: the copy is rejected by go vet, so it never runs.
	{variant: "locks.CopyValue", blame: "passes lock by value", vet: "locks/testdata/copylock",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "locks.PointerReceiver", run: func() error { return locks.AddConcurrently(new(locks.PointerReceiver), 4, 1000) }, want: clean},
}
