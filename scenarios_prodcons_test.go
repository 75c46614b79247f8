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
)

// prodconsRows are the catalog rows of the prodcons lessons (see
// scenarios_test.go for the row format), in the package's reading order.
// Fixed variants move 1,000 items here (but for the pool's two, below);
// their package tests move 10,000, also cancelled and failed half-way.
var prodconsRows = []row{
	{variant: "prodcons.OneSentinel", make: pipeline(prodcons.OneSentinel), work: deliver(100, 3, prodconstest.Complete),
		verdict: conctest.Blocked, blame: "prodcons.(*queue).getUntilNone",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.SentinelPerWorker", make: pipeline(prodcons.SentinelPerWorker), work: deliver(1_000, 4, prodconstest.Complete),
		twin: "prodcons.OneSentinel", bubble: true, want: cleanInBubble},
	{variant: "prodcons.CloseRange", make: pipeline(prodcons.CloseRange), work: deliver(1_000, 4, prodconstest.Complete),
		twin: "prodcons.OneSentinel", bubble: true, want: cleanInBubble},

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
		verdict: conctest.Panic, blame: "prodcons.ConsumerCloses",
		want:     cells{race: "Race|Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean", watchdog: "Clean"},
		noBubble: "its bug is a panic (a send on a closed channel, or a second close) that kills the process, which the runtime reports: nothing is left blocked for a bubble to find"},
	// Both producers run out of items at the same moment.
	{variant: "prodcons.EachProducerCloses", make: pipeline(prodcons.EachProducerCloses), work: deliver(100, 2, prodconstest.Together),
		verdict: conctest.Panic, blame: "close of closed channel",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Panic", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the second close panics and kills the process, which the runtime reports: nothing is left blocked for a bubble to find"},
	{variant: "prodcons.OwnerCloses", make: pipeline(prodcons.OwnerCloses), work: deliver(1_000, 4, prodconstest.Together),
		twin: "prodcons.EachProducerCloses", bubble: true, want: cleanInBubble},

	// The work ends only after its caller has timed out.
	{variant: "prodcons.UnbufferedResult", make: call(prodcons.UnbufferedResult), work: on(prodconstest.CallLate),
		verdict: conctest.Blocked, blame: "prodcons.UnbufferedResult.func1",
		bubble: true, want: leftBlocked},
	{variant: "prodcons.BufferedResult", make: call(prodcons.BufferedResult), work: on(prodconstest.CallLate),
		twin: "prodcons.UnbufferedResult", bubble: true, want: cleanInBubble},
	{variant: "prodcons.SelectContext", make: call(prodcons.SelectContext), work: on(prodconstest.CallLate),
		twin: "prodcons.UnbufferedResult", bubble: true, want: cleanInBubble},

	// The goroutines are held until Gather has returned.
	{variant: "prodcons.AddInside", make: fresh[prodcons.AddInside], work: gatherAll(4, 2, prodconstest.Complete),
		verdict: conctest.Lost, blame: "prodcons.AddInside",
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
		twin: "prodcons.GoPerItem", bubble: true, want: cleanInBubble},
	{variant: "prodcons.SetLimit", make: pool(prodcons.SetLimit), work: collect(1_000, 4, prodconstest.Complete),
		twin: "prodcons.GoPerItem", bubble: true, want: cleanInBubble},

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
		twin: "prodcons.FetchThenProcess", bubble: true, want: cleanInBubble},
}
