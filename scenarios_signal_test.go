package racelab

import "github.com/racelab/racelab/locks"

// signalRows are the catalog rows of the locks package's signalling
// lessons (semaphore, event, condition), in the package's reading order
// (see scenarios_test.go for the row format). Every variant is built
// inside its run, so that a synctest bubble sees its channels.
var signalRows = []row{
	// Throttle's barrier holds limit+1 jobs in flight at once.
	{variant: "locks.Unbounded", blame: "locks.Unbounded.Do: got 3 jobs in flight",
		run:    func() error { return locks.Throttle(locks.Unbounded{}, 2) },
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	// Throttle returns, leaving the caller that waits for a leaked permit.
	{variant: "locks.ReleaseOnSuccess", blame: "locks.ReleaseOnSuccess.Do",
		run:    func() error { return locks.Throttle(make(locks.ReleaseOnSuccess, 2), 2) },
		bubble: true,
		want: cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
			runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "locks.DeferRelease", run: func() error { return locks.Throttle(make(locks.DeferRelease, 2), 2) },
		bubble: true, want: cleanInBubble},
	{variant: "locks.Weighted", run: func() error { return locks.Throttle(locks.NewWeighted(2), 2) },
		bubble: true, want: cleanInBubble},
	{variant: "locks.FlagEvent", blame: "locks.(*FlagEvent).Set",
		run: func() error { return locks.Announce(new(locks.FlagEvent)) },
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a",
			runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	// The same flag with an empty loop, which staticcheck sees.
	{variant: "locks.SpinFlag", blame: "loop condition never changes or has a race condition", vet: "locks/testdata/spinflag",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	// A double close is no deadlock: synctest has nothing to say.
	{variant: "locks.CloseEvent", blame: "locks.(*CloseEvent).Set",
		run:    func() error { return locks.Announce(locks.NewCloseEvent()) },
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.OnceEvent", run: func() error { return locks.Announce(locks.NewOnceEvent()) },
		bubble: true, want: cleanInBubble},
	{variant: "locks.ContextEvent", run: func() error { return locks.Announce(locks.NewContextEvent()) },
		bubble: true, want: cleanInBubble},
	{variant: "locks.WaitInIf", blame: "locks.(*WaitInIf).Get",
		run:    func() error { return locks.CondHandoff(locks.NewWaitInIf()) },
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	{variant: "locks.WaitUnlocked", blame: "locks.(*WaitUnlocked).Get",
		run:    func() error { return locks.CondHandoff(locks.NewWaitUnlocked()) },
		bubble: true,
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean",
			runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	// CondHandoff returns, leaving the consumer that Close did not wake.
	{variant: "locks.SignalOnClose", blame: "locks.(*SignalOnClose).Get",
		run:    func() error { return locks.CondHandoff(locks.NewSignalOnClose()) },
		bubble: true,
		want: cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
			runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "locks.WaitLoop", run: func() error { return locks.CondHandoff(locks.NewWaitLoop()) },
		bubble: true, want: cleanInBubble},
}
