package racelab

import "github.com/racelab/racelab/sharedmem"

// blindInvariant and blindHang are the cells of a sharedmem bug: the
// race detector sees neither other processes nor mapped memory, so only
// the invariant, or the watchdog, reports it.
var (
	blindInvariant = cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}
	blindHang      = cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Hang"}
)

// sharedmemRows are the catalog rows of the sharedmem lessons: worker
// processes sharing a mapped file. Every broken row is a blind spot of
// the race detector.
var sharedmemRows = []row{
	{variant: "sharedmem.Plain", blame: "sharedmem.Plain",
		run:  func() error { return sharedmem.Interleave(sharedmem.Plain{}) },
		want: blindInvariant},
	{variant: "sharedmem.Atomic", run: func() error { return sharedmem.Interleave(sharedmem.Atomic{}) }, want: clean},
	{variant: "sharedmem.Locked", run: func() error { return sharedmem.Interleave(sharedmem.Locked{}) }, want: clean},
	{variant: "sharedmem.Owner", run: func() error { return sharedmem.Interleave(sharedmem.Owner{}) }, want: clean},

	{variant: "sharedmem.SharedCursor", blame: "sharedmem.SharedCursor",
		run:  func() error { return sharedmem.DoubleAll(sharedmem.SharedCursor{}) },
		want: blindInvariant},
	{variant: "sharedmem.LockedCursor", run: func() error { return sharedmem.DoubleAll(sharedmem.LockedCursor{}) }, want: clean},
	{variant: "sharedmem.Partitioned", run: func() error { return sharedmem.DoubleAll(sharedmem.Partitioned{}) }, want: clean},

	{variant: "sharedmem.ProcessGlobal", blame: "sharedmem.ProcessGlobal",
		run:  func() error { return sharedmem.CountVisits(sharedmem.ProcessGlobal{}) },
		want: blindInvariant},
	{variant: "sharedmem.GoroutineGlobal", run: func() error { return sharedmem.CountVisits(sharedmem.GoroutineGlobal{}) },
		bubble: true, want: cleanInBubble},
	{variant: "sharedmem.ProcessReply", run: func() error { return sharedmem.CountVisits(sharedmem.ProcessReply{}) }, want: clean},

	// A fault, not a race: the lock's holder is killed while it holds it.
	{variant: "sharedmem.SpinLock", blame: "sharedmem.SpinLock.Lock",
		run:  func() error { return sharedmem.KillHolder(sharedmem.SpinLock{}) },
		want: blindHang},
	{variant: "sharedmem.Flock", run: func() error { return sharedmem.KillHolder(sharedmem.Flock{}) }, want: clean},

	{variant: "sharedmem.FuncTask", blame: "sharedmem.FuncTask",
		run:  func() error { return sharedmem.Submit(sharedmem.FuncTask{Fn: func(x int) int { return 2 * x }, X: 21}) },
		want: blindInvariant},
	{variant: "sharedmem.OpTask", run: func() error { return sharedmem.Submit(sharedmem.OpTask{Op: "double", X: 21}) }, want: clean},
}
