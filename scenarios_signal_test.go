package racelab

import (
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// throttle is lockstest.Throttle with a limit of 2 jobs in flight.
var throttle = on(func(l lockstest.Limiter) error { return lockstest.Throttle(l, 2) })

// signalRows are the catalog rows of the locks package's signalling
// lessons (semaphore, event, condition), in the package's reading order
// (see scenarios_test.go for the row format). Every variant is made
// inside its run, so that a synctest bubble sees its channels.
var signalRows = []row{
	// Throttle's barrier holds limit+1 jobs in flight at once.
	{variant: "locks.Unbounded", make: value(locks.Unbounded{}), work: throttle,
		verdict: conctest.Lost, blame: "locks.Unbounded.Do: got 3 jobs in flight",
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	// Throttle returns, leaving the caller that waits for a leaked permit.
	{variant: "locks.ReleaseOnSuccess", make: func() any { return make(locks.ReleaseOnSuccess, 2) }, work: throttle,
		verdict: conctest.Blocked, blame: "locks.ReleaseOnSuccess.Do", proof: "TestLeakReleaseOnSuccess", bubbleProof: "TestBlockedReleaseOnSuccess",
		bubble: true,
		want: cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
			runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "locks.DeferRelease", make: func() any { return make(locks.DeferRelease, 2) }, work: throttle,
		twin: "locks.ReleaseOnSuccess", proof: "TestNoBlockedDeferRelease", bubble: true, want: cleanInBubble},
	{variant: "locks.Weighted", make: func() any { return locks.NewWeighted(2) }, work: throttle,
		twin: "locks.Unbounded", bubble: true, want: cleanInBubble},
	{variant: "locks.FlagEvent", make: fresh[locks.FlagEvent], work: on(lockstest.Announce),
		verdict: conctest.Race, blame: "locks.(*FlagEvent).Set",
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a",
			runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "Wait spins on the flag, yielding with runtime.Gosched: a spinning goroutine is not blocked at all, so a bubble never finds it durably blocked; the bug is a data race, which the race detector reports"},
	// The same flag with an empty loop, which staticcheck sees.
	{variant: "locks.SpinFlag", verdict: conctest.Vet, blame: "loop condition never changes or has a race condition", vet: "locks/testdata/spinflag",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	// A double close is no deadlock: synctest has nothing to say.
	{variant: "locks.CloseEvent", make: made(locks.NewCloseEvent), work: on(lockstest.Announce),
		verdict: conctest.Panic, blame: "locks.(*CloseEvent).Set",
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.OnceEvent", make: made(locks.NewOnceEvent), work: on(lockstest.Announce),
		twin: "locks.CloseEvent", proof: "TestNoPanicOnceEvent", bubble: true, want: cleanInBubble},
	{variant: "locks.ContextEvent", make: made(locks.NewContextEvent), work: on(lockstest.Announce),
		twin: "locks.FlagEvent", bubble: true, want: cleanInBubble},
	{variant: "locks.WaitInIf", make: made(locks.NewWaitInIf), work: on(lockstest.CondHandoff),
		verdict: conctest.Panic, blame: "locks.(*WaitInIf).Get",
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.WaitUnlocked", make: made(locks.NewWaitUnlocked), work: on(lockstest.CondHandoff),
		verdict: conctest.Panic, blame: "locks.(*WaitUnlocked).Get",
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	// CondHandoff returns, leaving the consumer that Close did not wake.
	{variant: "locks.SignalOnClose", make: made(locks.NewSignalOnClose), work: on(lockstest.CondHandoff),
		verdict: conctest.Blocked, blame: "locks.(*SignalOnClose).Get", proof: "TestLeakSignalOnClose", bubbleProof: "TestBlockedSignalOnClose",
		bubble: true,
		want: cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
			runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "locks.WaitLoop", make: made(locks.NewWaitLoop), work: on(lockstest.CondHandoff),
		twin: "locks.WaitInIf", proof: "TestNoPanicWaitLoop", bubble: true, want: cleanInBubble},
}
