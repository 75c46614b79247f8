package racelab

import "github.com/racelab/racelab/prodcons"

// leftBlocked are the cells of a goroutine left blocked on a channel: a
// Leak to goleak and, in a bubble, Blocked to testing/synctest.
var leftBlocked = cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
	runtime: "Clean", invariant: "Clean", watchdog: "Clean"}

// prodconsRows are the catalog rows of the prodcons lessons (see
// scenarios_test.go for the row format), in the package's reading order.
// Fixed variants move 1,000 items here; their package tests move 10,000,
// also cancelled and failed half-way.
var prodconsRows = []row{
	{variant: "prodcons.OneSentinel", blame: "prodcons.(*queue).getUntilNone",
		run:    deliver(prodcons.OneSentinel, 100, 3, prodcons.Complete),
		bubble: true, want: leftBlocked},
	{variant: "prodcons.SentinelPerWorker", run: deliver(prodcons.SentinelPerWorker, 1_000, 4, prodcons.Complete),
		bubble: true, want: cleanInBubble},
	{variant: "prodcons.CloseRange", run: deliver(prodcons.CloseRange, 1_000, 4, prodcons.Complete),
		bubble: true, want: cleanInBubble},

	// The middle item fails and the one consumer stops.
	{variant: "prodcons.PlainSend", blame: "prodcons.PlainSend.func1",
		run:    deliver(prodcons.PlainSend, 100, 1, prodcons.Fail),
		bubble: true, want: leftBlocked},
	{variant: "prodcons.SelectDone", run: deliver(prodcons.SelectDone, 1_000, 4, prodcons.Fail),
		bubble: true, want: cleanInBubble},
	{variant: "prodcons.ErrGroup", run: deliver(prodcons.ErrGroup, 1_000, 4, prodcons.Fail),
		bubble: true, want: cleanInBubble},

	// The producer panics; the process dies before goleak can look. The
	// race detector sees the close unordered with the producer's send,
	// but may miss it when the two run at the same instant.
	{variant: "prodcons.ConsumerCloses", blame: "send on closed channel",
		run:  deliver(prodcons.ConsumerCloses, 100, 2, prodcons.Fail),
		want: cells{race: "Race|Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	// Both producers run out of items at the same moment.
	{variant: "prodcons.EachProducerCloses", blame: "close of closed channel",
		run:  deliver(prodcons.EachProducerCloses, 100, 2, prodcons.Together),
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean", watchdog: "Clean"}},
	{variant: "prodcons.OwnerCloses", run: deliver(prodcons.OwnerCloses, 1_000, 4, prodcons.Together),
		bubble: true, want: cleanInBubble},

	// The work ends only after its caller has timed out.
	{variant: "prodcons.UnbufferedResult", blame: "prodcons.UnbufferedResult.func1",
		run:    func() error { return prodcons.CallLate(prodcons.UnbufferedResult) },
		bubble: true, want: leftBlocked},
	{variant: "prodcons.BufferedResult", run: func() error { return prodcons.CallLate(prodcons.BufferedResult) },
		bubble: true, want: cleanInBubble},
	{variant: "prodcons.SelectContext", run: func() error { return prodcons.CallLate(prodcons.SelectContext) },
		bubble: true, want: cleanInBubble},

	// The goroutines are held until Gather has returned.
	{variant: "prodcons.AddInside", blame: "prodcons.(*AddInside).Gather",
		run:  func() error { return prodcons.GatherAll(new(prodcons.AddInside), 4, 2, prodcons.Complete) },
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "prodcons.AddFirstInGoroutine", blame: "WaitGroup.Add called from inside new goroutine", vet: "prodcons/testdata/waitgroupadd",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "prodcons.AddBeforeGo", run: func() error { return prodcons.GatherAll(prodcons.AddBeforeGo{}, 1_000, 4, prodcons.Complete) },
		bubble: true, want: cleanInBubble},
	{variant: "prodcons.WaitGroupGo", run: func() error { return prodcons.GatherAll(prodcons.WaitGroupGo{}, 1_000, 4, prodcons.Complete) },
		bubble: true, want: cleanInBubble},

	// No detector sees a resource limit; the invariant counts items in
	// flight, exactly in the bubble.
	{variant: "prodcons.GoPerItem", blame: "in flight",
		run:    collect(prodcons.GoPerItem, 100, 3, prodcons.Complete),
		bubble: true, want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "prodcons.WorkerPool", run: collect(prodcons.WorkerPool, 1_000, 4, prodcons.Complete),
		bubble: true, want: cleanInBubble},
	{variant: "prodcons.SetLimit", run: collect(prodcons.SetLimit, 1_000, 4, prodcons.Complete),
		bubble: true, want: cleanInBubble},

	// Two workers hold one item each until both are in flight.
	{variant: "prodcons.SharedMap", blame: "prodcons.SharedMap",
		run:  collect(prodcons.SharedMap, 2, 2, prodcons.Overlap),
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	{variant: "prodcons.IndexedSlice", run: func() error { return prodcons.CollectInOrder(prodcons.IndexedSlice, 1_000, 4, prodcons.Complete) },
		bubble: true, want: cleanInBubble},
	{variant: "prodcons.SharedAppend", blame: "prodcons.SharedAppend",
		run:  collect(prodcons.SharedAppend, 2, 2, prodcons.Overlap),
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean|Lost", watchdog: "Clean"}},
	{variant: "prodcons.AsCompleted", run: collect(prodcons.AsCompleted, 1_000, 4, prodcons.Complete),
		bubble: true, want: cleanInBubble},

	// Every goroutine waits for another: the watchdog ends the plain run.
	{variant: "prodcons.FetchThenProcess", blame: "prodcons.FetchThenProcess",
		run:    func() error { return prodcons.FetchProcess(prodcons.FetchThenProcess, 100, 3, prodcons.Complete) },
		bubble: true, want: cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked", runtime: "Clean", invariant: "Clean", watchdog: "Hang"}},
	{variant: "prodcons.Pipelined", run: func() error { return prodcons.FetchProcess(prodcons.Pipelined, 1_000, 16, prodcons.Complete) },
		bubble: true, want: cleanInBubble},
}

func deliver(p prodcons.Pipeline, n, workers int, end prodcons.End) func() error {
	return func() error { return prodcons.Deliver(p, n, workers, end) }
}

func collect(p prodcons.Pool, n, workers int, end prodcons.End) func() error {
	return func() error { return prodcons.Collect(p, n, workers, end) }
}
