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
		verdict: conctest.Lost, blame: "sharedmem.Plain", proof: "TestLostPlain", want: blindInvariant,
		noBubble: "its workers are OS processes sharing a mapped file, and a bubble holds only goroutines of the test's own process (go doc testing/synctest: avoid interacting with external processes); the lost add is a wrong total, which only the invariant counts"},
	{variant: "sharedmem.Atomic", make: value(sharedmem.Atomic{}), work: on(sharedmemtest.Interleave), twin: "sharedmem.Plain", want: clean,
		noBubble: "adds atomically to a word that other OS processes map, and a bubble holds only goroutines of the test's own process (go doc testing/synctest: avoid interacting with external processes)"},
	{variant: "sharedmem.Locked", make: value(sharedmem.Locked{}), work: on(sharedmemtest.Interleave), twin: "sharedmem.Plain", proof: "TestNoLostLocked", want: clean,
		noBubble: "waits in flock(2) for another OS process: a system call, which is not durably blocking (go doc testing/synctest), on a process no bubble holds"},
	{variant: "sharedmem.Owner", make: value(sharedmem.Owner{}), work: on(sharedmemtest.Interleave), twin: "sharedmem.Plain", proof: "TestNoLostOwner", want: clean,
		noBubble: "writes each add to a pipe read by an owner process: blocking on I/O is not durably blocking (go doc testing/synctest), and the owner is another OS process, which no bubble holds"},

	{variant: "sharedmem.SharedCursor", make: value(sharedmem.SharedCursor{}), work: on(sharedmemtest.DoubleAll),
		verdict: conctest.Lost, blame: "sharedmem.SharedCursor", proof: "TestLostSharedCursor", want: blindInvariant,
		noBubble: "its workers are OS processes sharing a mapped file, and a bubble holds only goroutines of the test's own process (go doc testing/synctest: avoid interacting with external processes); the element doubled twice is a wrong result, which only the invariant counts"},
	{variant: "sharedmem.LockedCursor", make: value(sharedmem.LockedCursor{}), work: on(sharedmemtest.DoubleAll), twin: "sharedmem.SharedCursor", proof: "TestNoLostLockedCursor", want: clean,
		noBubble: "waits in flock(2) for another OS process: a system call, which is not durably blocking (go doc testing/synctest), on a process no bubble holds"},
	{variant: "sharedmem.Partitioned", make: value(sharedmem.Partitioned{}), work: on(sharedmemtest.DoubleAll), twin: "sharedmem.SharedCursor", proof: "TestNoLostPartitioned", want: clean,
		noBubble: "each worker process doubles its own elements and never waits for another: nothing blocks, and the workers are OS processes, which no bubble holds"},

	{variant: "sharedmem.ProcessGlobal", make: value(sharedmem.ProcessGlobal{}), work: on(sharedmemtest.CountVisits),
		verdict: conctest.Lost, blame: "sharedmem.ProcessGlobal", proof: "TestLostProcessGlobal", want: blindInvariant,
		noBubble: "waits for a child process to exit, a system call, which is not durably blocking (go doc testing/synctest); the change the child keeps is a wrong count, which only the invariant sees"},
	{variant: "sharedmem.GoroutineGlobal", make: value(sharedmem.GoroutineGlobal{}), work: on(sharedmemtest.CountVisits),
		twin: "sharedmem.ProcessGlobal", bubble: true, want: cleanInBubble},
	{variant: "sharedmem.ProcessReply", make: value(sharedmem.ProcessReply{}), work: on(sharedmemtest.CountVisits), twin: "sharedmem.ProcessGlobal", want: clean,
		noBubble: "waits for a child process's exit and reads its reply from a pipe: system calls and I/O, which are not durably blocking (go doc testing/synctest)"},

	// A fault, not a race: the lock's holder is killed while it holds it.
	{variant: "sharedmem.SpinLock", make: value(sharedmem.SpinLock{}), work: on(sharedmemtest.KillHolder),
		verdict: conctest.Hang, blame: "sharedmem.SpinLock.Lock", proof: "TestHangSpinLock", want: blindHang,
		noBubble: "Lock retries a word in mapped memory, sleeping between tries: in a bubble, fake time would only jump past each sleep, as sleeping is no deadlock; the holder that dies is another OS process, which no bubble holds"},
	{variant: "sharedmem.Flock", make: value(sharedmem.Flock{}), work: on(sharedmemtest.KillHolder), twin: "sharedmem.SpinLock", proof: "TestNoHangFlock", want: clean,
		noBubble: "waits in flock(2) for another OS process: a system call, which is not durably blocking (go doc testing/synctest), on a process no bubble holds"},

	{variant: "sharedmem.FuncTask", make: value(sharedmem.FuncTask{Fn: func(x int) int { return 2 * x }, X: 21}), work: on(sharedmemtest.Submit),
		verdict: conctest.Lost, blame: "sharedmem.FuncTask", want: blindInvariant,
		noBubble: "its work is for a worker process, which no bubble holds, and the send is refused before a byte is written: the lost task is a wrong answer, which only the invariant sees"},
	{variant: "sharedmem.OpTask", make: value(sharedmem.OpTask{Op: "double", X: 21}), work: on(sharedmemtest.Submit), twin: "sharedmem.FuncTask", want: clean,
		noBubble: "is sent over a pipe to a worker process: blocking on I/O is not durably blocking (go doc testing/synctest), and the worker is another OS process, which no bubble holds"},
}
