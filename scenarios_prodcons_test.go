package racelab

import (
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

// leftBlocked are the cells of a goroutine left blocked on a channel: a
// Leak to goleak and, in a bubble, Blocked to testing/synctest.
var leftBlocked = cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
	runtime: "Clean", invariant: "Clean", watchdog: "Clean"}

// The prodcons workloads, on n items with workers goroutines, ending as
// end says; and the variants that are funcs, as their lesson's types.
func deliver(n, workers int, end prodconstest.End) workload {
	return on(func(p prodconstest.Pipeline) error { return prodconstest.Deliver(p, n, workers, end) })
}

func collect(n, workers int, end prodconstest.End) workload {
	return on(func(p prodconstest.Pool) error { return prodconstest.Collect(p, n, workers, end) })
}

func collectInOrder(n, workers int, end prodconstest.End) workload {
	return on(func(p prodconstest.Pool) error { return prodconstest.CollectInOrder(p, n, workers, end) })
}

func gatherAll(n, workers int, end prodconstest.End) workload {
	return on(func(g prodconstest.Gatherer) error { return prodconstest.GatherAll(g, n, workers, end) })
}

func fetchProcess(n, fetchers int, end prodconstest.End) workload {
	return on(func(p prodconstest.Pool) error { return prodconstest.FetchProcess(p, n, fetchers, end) })
}

var (
	pipeline = value[prodconstest.Pipeline]
	pool     = value[prodconstest.Pool]
	call     = value[prodconstest.Call]
	batcher  = value[prodconstest.Batch]
	poller   = value[prodconstest.Poller]
	flusher  = value[prodconstest.Flusher]
	watcher  = value[prodconstest.Watch]
)

// hangsBlocked are the cells of a call that never returns because every
// goroutine waits for another: Blocked in a bubble; in a plain run the
// watchdog's Hang, and goleak then lists the goroutines.
var hangsBlocked = cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked",
	runtime: "Clean", invariant: "Clean", watchdog: "Hang"}

// prodconsRows are the catalog rows of the prodcons lessons (see
// scenarios_test.go for the row format), in the package's reading order.
// Fixed variants move 1,000 items here (but for the pool's two, below);
// their package tests move as many, also cancelled and failed half-way.
var prodconsRows = []row{
	{variant: "prodcons.OneSentinel", make: pipeline(prodcons.OneSentinel), work: deliver(100, 3, prodconstest.Complete),
		verdict: conctest.Blocked, blame: "prodcons.(*queue).getUntilNone", proof: "TestLeakOneSentinel", bubbleProof: "TestBlockedOneSentinel",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.SentinelPerWorker", make: pipeline(prodcons.SentinelPerWorker), work: deliver(1_000, 4, prodconstest.Complete),
		twin: "prodcons.OneSentinel", proof: "TestNoLeakSentinelPerWorker/complete", bubble: true, want: cleanInBubble},
	{variant: "prodcons.CloseRange", make: pipeline(prodcons.CloseRange), work: deliver(1_000, 4, prodconstest.Complete),
		twin: "prodcons.OneSentinel", proof: "TestNoLeakCloseRange/complete", bubble: true, want: cleanInBubble},

	// The middle item fails and the one consumer stops.
	{variant: "prodcons.PlainSend", make: pipeline(prodcons.PlainSend), work: deliver(100, 1, prodconstest.Fail),
		verdict: conctest.Leak, blame: "prodcons.PlainSend.func1",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.SelectDone", make: pipeline(prodcons.SelectDone), work: deliver(1_000, 4, prodconstest.Fail),
		twin: "prodcons.PlainSend", bubble: true, want: cleanInBubble},
	{variant: "prodcons.ErrGroup", make: pipeline(prodcons.ErrGroup), work: deliver(1_000, 4, prodconstest.Fail),
		twin: "prodcons.PlainSend", bubble: true, want: cleanInBubble},

	// A producer's send panics, or, when every producer is done, the
	// closer's second close; the process dies before goleak can look. The
	// race detector sees the close unordered with the producer's send,
	// but may miss it when the two run at the same instant.
	{variant: "prodcons.ConsumerCloses", make: pipeline(prodcons.ConsumerCloses), work: deliver(100, 2, prodconstest.Fail),
		verdict: conctest.Panic, blame: "prodcons.ConsumerCloses", proof: "TestPanicConsumerCloses",
		want:     cells{race: "Race|Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean", watchdog: "Clean"},
		noBubble: "its bug is a panic (a send on a closed channel, or a second close) that kills the process, which the runtime reports: nothing is left blocked for a bubble to find"},
	// Both producers run out of items at the same moment.
	{variant: "prodcons.EachProducerCloses", make: pipeline(prodcons.EachProducerCloses), work: deliver(100, 2, prodconstest.Together),
		verdict: conctest.Panic, blame: "close of closed channel", proof: "TestPanicEachProducerCloses",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the second close panics and kills the process, which the runtime reports: nothing is left blocked for a bubble to find"},
	{variant: "prodcons.OwnerCloses", make: pipeline(prodcons.OwnerCloses), work: deliver(1_000, 4, prodconstest.Together),
		twin: "prodcons.EachProducerCloses", bubble: true, want: cleanInBubble},

	// The work ends only after its caller has timed out.
	{variant: "prodcons.UnbufferedResult", make: call(prodcons.UnbufferedResult), work: on(prodconstest.CallLate),
		verdict: conctest.Blocked, blame: "prodcons.UnbufferedResult.func1", proof: "TestLeakUnbufferedResult", bubbleProof: "TestBlockedUnbufferedResult",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.BufferedResult", make: call(prodcons.BufferedResult), work: on(prodconstest.CallLate),
		twin: "prodcons.UnbufferedResult", proof: "TestNoLeakBufferedResult", bubble: true, want: cleanInBubble},
	{variant: "prodcons.SelectContext", make: call(prodcons.SelectContext), work: on(prodconstest.CallLate),
		twin: "prodcons.UnbufferedResult", proof: "TestNoLeakSelectContext", bubble: true, want: cleanInBubble},

	// The goroutines are held until Gather has returned.
	{variant: "prodcons.AddInside", make: fresh[prodcons.AddInside], work: gatherAll(4, 2, prodconstest.Complete),
		verdict: conctest.Lost, blame: "prodcons.AddInside", proof: "TestLostAddInside",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"},
		noBubble: "Wait returns before the goroutines are done, and none is left blocked: the bug is a race between their writes and the caller's reads, which the race detector and the invariant report; a bubble adds nothing"},
	{variant: "prodcons.AddFirstInGoroutine", verdict: conctest.Vet, blame: "WaitGroup.Add called from inside new goroutine", vet: "prodcons/testdata/waitgroupadd",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "prodcons.AddBeforeGo", make: value(prodcons.AddBeforeGo{}), work: gatherAll(1_000, 4, prodconstest.Complete),
		twin: "prodcons.AddInside", bubble: true, want: cleanInBubble},
	{variant: "prodcons.WaitGroupGo", make: value(prodcons.WaitGroupGo{}), work: gatherAll(1_000, 4, prodconstest.Complete),
		twin: "prodcons.AddInside", bubble: true, want: cleanInBubble},

	// No detector sees a resource limit; the invariant counts items in
	// flight, exactly in the bubble.
	{variant: "prodcons.GoPerItem", make: pool(prodcons.GoPerItem), work: collect(100, 3, prodconstest.Complete),
		verdict: conctest.Lost, blame: "in flight",
		bubble: true, want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "prodcons.WorkerPool", make: pool(prodcons.WorkerPool), work: collect(1_000, 4, prodconstest.Complete),
		twin: "prodcons.GoPerItem", proof: "TestNoLostWorkerPool/complete", bubble: true, want: cleanInBubble},
	{variant: "prodcons.SetLimit", make: pool(prodcons.SetLimit), work: collect(1_000, 4, prodconstest.Complete),
		twin: "prodcons.GoPerItem", proof: "TestNoLostSetLimit/complete", bubble: true, want: cleanInBubble},

	// Two workers hold one item each until both are in flight: then their
	// writes are ordered by nothing. The fixes run the same two items: with
	// more, the workload's own atomics (the source, the count of items in
	// flight) order the broken writes one after the other as often as not,
	// and the race detector, which sees happens-before, reports nothing.
	// Besides the race detector, the runtime's own check may see the two
	// map writes and stop the program: "fatal error: concurrent map writes".
	{variant: "prodcons.SharedMap", make: pool(prodcons.SharedMap), work: collect(2, 2, prodconstest.Overlap),
		verdict: conctest.Race, blame: "prodcons.SharedMap",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Race|Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the workers write one map with no lock and never block on it: a data race, which the race detector reports (and, at times, the runtime); a bubble adds nothing"},
	{variant: "prodcons.IndexedSlice", make: pool(prodcons.IndexedSlice), work: collectInOrder(2, 2, prodconstest.Overlap),
		twin: "prodcons.SharedMap", bubble: true, want: cleanInBubble},
	{variant: "prodcons.SharedAppend", make: pool(prodcons.SharedAppend), work: collect(2, 2, prodconstest.Overlap),
		verdict: conctest.Race, blame: "prodcons.SharedAppend",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean|Lost", watchdog: "Clean"},
		noBubble: "the workers append to one slice with no lock and never block on it: a data race, which the race detector reports; a bubble adds nothing"},
	{variant: "prodcons.AsCompleted", make: pool(prodcons.AsCompleted), work: collect(2, 2, prodconstest.Overlap),
		twin: "prodcons.SharedAppend", bubble: true, want: cleanInBubble},

	// Every goroutine waits for another: the watchdog ends the plain run.
	{variant: "prodcons.FetchThenProcess", make: pool(prodcons.FetchThenProcess), work: fetchProcess(100, 3, prodconstest.Complete),
		verdict: conctest.Blocked, blame: "prodcons.FetchThenProcess",
		bubble: true, want: cells{race: "Clean", goleak: "Leak", deadlock: "Clean", synctest: "Blocked", runtime: "Clean", invariant: "Clean", watchdog: "Hang"}},
	{variant: "prodcons.Pipelined", make: pool(prodcons.Pipelined), work: fetchProcess(1_000, 16, prodconstest.Complete),
		twin: "prodcons.FetchThenProcess", proof: "TestNoBlockedPipelined/complete", bubble: true, want: cleanInBubble},

	// A producer sends two items per wait; the batch must be cut at the
	// wait. In the bubble the producer's pace and the timers share the
	// fake clock, so the broken batch is full on every run.
	{variant: "prodcons.AfterEachItem", make: batcher(prodcons.AfterEachItem), work: on(prodconstest.Trickle),
		verdict: conctest.Lost, blame: "the wait started over at each item",
		bubble: true, want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "prodcons.OneDeadline", make: batcher(prodcons.OneDeadline), work: on(prodconstest.Trickle),
		twin: "prodcons.AfterEachItem", proof: "TestNoLostOneDeadline", bubble: true, want: cleanInBubble},

	// Three polls, then stop.
	{variant: "prodcons.RangeTicker", make: poller(prodcons.RangeTicker), work: on(prodconstest.Polls),
		verdict: conctest.Leak, blame: "prodcons.RangeTicker.func1", proof: "TestLeakRangeTicker", bubbleProof: "TestBlockedRangeTicker",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.SelectTicker", make: poller(prodcons.SelectTicker), work: on(prodconstest.Polls),
		twin: "prodcons.RangeTicker", bubble: true, want: cleanInBubble},

	// An item, its idle flush, then an item more: the drain blocks.
	{variant: "prodcons.DrainAfterStop", make: flusher(prodcons.DrainAfterStop), work: on(prodconstest.Flushes),
		verdict: conctest.Blocked, blame: "prodcons.DrainAfterStop",
		bubble: true, want: hangsBlocked},
	{variant: "prodcons.ResetOnly", make: flusher(prodcons.ResetOnly), work: on(prodconstest.Flushes),
		twin: "prodcons.DrainAfterStop", proof: "TestNoBlockedResetOnly", bubble: true, want: cleanInBubble},

	// A watch of a few items, ended by stop, or by the caller's cancel
	// alone.
	{variant: "prodcons.CancelAfterWait", make: watcher(prodcons.CancelAfterWait), work: on(prodconstest.StopWatch),
		verdict: conctest.Blocked, blame: "prodcons.CancelAfterWait",
		bubble: true, want: hangsBlocked},
	{variant: "prodcons.DiscardCancel", verdict: conctest.Vet, blame: "should be called, not discarded", vet: "prodcons/testdata/lostcancel",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "prodcons.BackgroundWatch", make: watcher(prodcons.BackgroundWatch), work: on(prodconstest.CancelWatch),
		verdict: conctest.Leak, blame: "prodcons.BackgroundWatch",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.CheckErrFirst", make: watcher(prodcons.CheckErrFirst), work: on(prodconstest.CancelWatch),
		verdict: conctest.Leak, blame: "prodcons.CheckErrFirst",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.CallerContext", make: watcher(prodcons.CallerContext), work: on(prodconstest.CancelWatch),
		twin: "prodcons.BackgroundWatch", bubble: true, want: cleanInBubble},

	// The work of the middle item panics. errgroup's Go calls Done in a
	// defer (x/sync v0.24.0), which runs while the goroutine panics, so
	// Wait may return and Gather hand its caller nil before the runtime
	// ends the process: the invariant may see that (once in a make test
	// run). sync.WaitGroup.Go re-panics without its Done, for that reason
	// (its source, Go 1.26).
	{variant: "prodcons.GroupNoRecover", make: value(prodcons.GroupNoRecover{}), work: gatherAll(100, 3, prodconstest.Panic),
		verdict: conctest.Panic, blame: "prodcons.GroupNoRecover.Gather", proof: "TestPanicGroupNoRecover",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean|Lost", watchdog: "Clean"},
		noBubble: "the work's panic, which no goroutine recovers, kills the process, which the runtime reports: nothing is left blocked for a bubble to find"},
	{variant: "prodcons.GroupRecover", make: value(prodcons.GroupRecover{}), work: gatherAll(1_000, 4, prodconstest.Panic),
		twin: "prodcons.GroupNoRecover", proof: "TestNoPanicGroupRecover", bubble: true, want: cleanInBubble},

	// The middle item fails: its goroutine calls Done twice. When another
	// goroutine still runs then, Wait returns early and the caller's reads
	// race with its writes (the race detector reported it in 4 of 20
	// runs); the last Done panics on every run.
	{variant: "prodcons.DoneOnError", make: value(prodcons.DoneOnError{}), work: gatherAll(100, 3, prodconstest.Fail),
		verdict: conctest.Panic, blame: "prodcons.DoneOnError.Gather", proof: "TestPanicDoneOnError",
		want:     cells{race: "Race|Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean|Lost", watchdog: "Clean"},
		noBubble: "the last Done takes the counter below zero and panics, which kills the process and the runtime reports; Wait returns early rather than block: nothing is left blocked for a bubble to find"},
	{variant: "prodcons.DeferredDone", make: value(prodcons.DeferredDone{}), work: gatherAll(1_000, 4, prodconstest.Fail),
		twin: "prodcons.DoneOnError", proof: "TestNoPanicDeferredDone/fail", bubble: true, want: cleanInBubble},

	// One call with a minute to spare (in the bubble the minute passes,
	// the call fails, and synctest's report of the blocked worker comes
	// first); one whose work waits until the workload has looked at the
	// caller.
	{variant: "prodcons.NilResult", make: call(prodcons.NilResult), work: on(prodconstest.CallInTime),
		verdict: conctest.Blocked, blame: "prodcons.NilResult.func1",
		bubble: true, want: hangsBlocked},
	{variant: "prodcons.PollResult", make: call(prodcons.PollResult), work: on(prodconstest.CallWatched),
		verdict: conctest.Lost, blame: "it never blocked",
		bubble: true, want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "prodcons.EmptyDefault", verdict: conctest.Vet, blame: "should not have an empty default case in a for+select loop", vet: "prodcons/testdata/spinselect",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "prodcons.WaitResult", make: call(prodcons.WaitResult), work: on(prodconstest.CallWatched),
		twin: "prodcons.PollResult", proof: "TestNoBlockedWaitResult/watched", bubble: true, want: cleanInBubble},
}
