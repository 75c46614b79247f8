package racelab

import (
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/sharedmemtest"
	"github.com/racelab/racelab/sharedmem"
)

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
	{variant: "sharedmem.Plain", make: value(sharedmem.Plain{}), work: on(sharedmemtest.Interleave),
		verdict: conctest.Lost, blame: "sharedmem.Plain", want: blindInvariant},
	{variant: "sharedmem.Atomic", make: value(sharedmem.Atomic{}), work: on(sharedmemtest.Interleave), twin: "sharedmem.Plain", want: clean},
	{variant: "sharedmem.Locked", make: value(sharedmem.Locked{}), work: on(sharedmemtest.Interleave), twin: "sharedmem.Plain", want: clean},
	{variant: "sharedmem.Owner", make: value(sharedmem.Owner{}), work: on(sharedmemtest.Interleave), twin: "sharedmem.Plain", want: clean},

	{variant: "sharedmem.SharedCursor", make: value(sharedmem.SharedCursor{}), work: on(sharedmemtest.DoubleAll),
		verdict: conctest.Lost, blame: "sharedmem.SharedCursor", want: blindInvariant},
	{variant: "sharedmem.LockedCursor", make: value(sharedmem.LockedCursor{}), work: on(sharedmemtest.DoubleAll), twin: "sharedmem.SharedCursor", want: clean},
	{variant: "sharedmem.Partitioned", make: value(sharedmem.Partitioned{}), work: on(sharedmemtest.DoubleAll), twin: "sharedmem.SharedCursor", want: clean},

	{variant: "sharedmem.ProcessGlobal", make: value(sharedmem.ProcessGlobal{}), work: on(sharedmemtest.CountVisits),
		verdict: conctest.Lost, blame: "sharedmem.ProcessGlobal", want: blindInvariant},
	{variant: "sharedmem.GoroutineGlobal", make: value(sharedmem.GoroutineGlobal{}), work: on(sharedmemtest.CountVisits),
		twin: "sharedmem.ProcessGlobal", bubble: true, want: cleanInBubble},
	{variant: "sharedmem.ProcessReply", make: value(sharedmem.ProcessReply{}), work: on(sharedmemtest.CountVisits), twin: "sharedmem.ProcessGlobal", want: clean},

	// A fault, not a race: the lock's holder is killed while it holds it.
	{variant: "sharedmem.SpinLock", make: value(sharedmem.SpinLock{}), work: on(sharedmemtest.KillHolder),
		verdict: conctest.Hang, blame: "sharedmem.SpinLock.Lock", want: blindHang},
	{variant: "sharedmem.Flock", make: value(sharedmem.Flock{}), work: on(sharedmemtest.KillHolder), twin: "sharedmem.SpinLock", want: clean},

	{variant: "sharedmem.FuncTask", make: value(sharedmem.FuncTask{Fn: func(x int) int { return 2 * x }, X: 21}), work: on(sharedmemtest.Submit),
		verdict: conctest.Lost, blame: "sharedmem.FuncTask", want: blindInvariant},
	{variant: "sharedmem.OpTask", make: value(sharedmem.OpTask{Op: "double", X: 21}), work: on(sharedmemtest.Submit), twin: "sharedmem.FuncTask", want: clean},
}
