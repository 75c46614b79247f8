package racelab

import (
	"github.com/racelab/racelab/capture"
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/capturetest"
)

// The capture workloads, on the lessons' func types.
var (
	squareAll      = on(capturetest.SquareAll)
	failTwice      = on(capturetest.FailTwice)
	timesOut       = on(capturetest.TimesOut)
	stopsAtFailure = on(capturetest.StopsAtFailure)
)

// captureRows are the catalog rows of the capture lessons (see
// scenarios_test.go for the row format), in the package's reading order.
// No bug here leaves a goroutine blocked, so testing/synctest, which
// reports goroutines durably blocked (go doc testing/synctest), has
// nothing to find in any of them.
var captureRows = []row{
	// The loop writes x while the goroutines it started read it.
	{variant: "capture.OneVarPerLoop", make: value[capturetest.Squares](capture.OneVarPerLoop), work: squareAll,
		verdict: conctest.Race, blame: "capture.OneVarPerLoop", proof: "TestLostOneVarPerLoop",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"},
		noBubble: "every goroutine sends into a channel with room and ends, and the caller's receives end with their sends: nothing is left blocked for a bubble to find; the bug is a data race on x and wrong squares, which the race detector and the invariant report"},
	// vet-only: the same loop with the go statement last, which
	// loopclosure checks.
	{variant: "capture.GoLastInLoop", verdict: conctest.Vet, blame: "loop variable x captured by func literal", vet: "capture/testdata/loopclosure",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "capture.ValueAsArgument", make: value[capturetest.Squares](capture.ValueAsArgument), work: squareAll,
		twin: "capture.OneVarPerLoop", proof: "TestNoRaceValueAsArgument", want: clean,
		noBubble: "every goroutine sends into a channel with room and ends: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},
	{variant: "capture.OneVarPerIteration", make: value[capturetest.Squares](capture.OneVarPerIteration), work: squareAll,
		twin: "capture.OneVarPerLoop", proof: "TestNoRaceOneVarPerIteration", want: clean,
		noBubble: "every goroutine sends into a channel with room and ends: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},

	// Two of the three tasks fail, and both write err.
	{variant: "capture.SharedErr", make: value[capturetest.RunAll](capture.SharedErr), work: failTwice,
		verdict: conctest.Race, blame: "capture.SharedErr",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the caller waits in wg.Wait for goroutines that all end: nothing is left blocked for a bubble to find; the bug is a data race on err, which the race detector reports"},
	{variant: "capture.ErrPerGoroutine", make: value[capturetest.RunAll](capture.ErrPerGoroutine), work: failTwice,
		twin: "capture.SharedErr", proof: "TestNoRaceErrPerGoroutine", want: clean,
		noBubble: "the caller waits in wg.Wait for goroutines that all end: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},
	{variant: "capture.ErrGroup", make: value[capturetest.RunAll](capture.ErrGroup), work: failTwice,
		twin: "capture.SharedErr", proof: "TestNoRaceErrGroup", want: clean,
		noBubble: "the caller waits in errgroup's Wait for goroutines that all end: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},

	// The work cancels its caller once the caller waits for it, and only
	// then returns.
	{variant: "capture.NamedResult", make: value[capturetest.Call](capture.NamedResult), work: timesOut,
		verdict: conctest.Race, blame: "capture.NamedResult",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean|Lost", watchdog: "Clean"},
		noBubble: "the worker ends when its work does (close never blocks) and the caller's select ends with the cancel: nothing is left blocked for a bubble to find; the bug is a data race on the named results, which the race detector reports"},
	{variant: "capture.WorkerLocals", make: value[capturetest.Call](capture.WorkerLocals), work: timesOut,
		twin: "capture.NamedResult", proof: "TestNoRaceWorkerLocals", want: clean,
		noBubble: "the worker ends when its work does (close never blocks) and the caller's select ends with the cancel: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},

	// One of three checks fails; the workload's goroutine plays the test's.
	{variant: "capture.FatalInHelper", make: value[capturetest.MustAll](capture.FatalInHelper), work: stopsAtFailure,
		verdict: conctest.Lost, blame: "capture.FatalInHelper: returned after a check failed", proof: "TestLostFatalInHelper",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"},
		noBubble: "Fatal ends its own goroutine, wg.Go's deferred Done still runs, and the helper returns: nothing is left blocked for a bubble to find; the bug is a test that goes on past a failed check, which only the invariant sees"},
	// vet-only: t.Fatal in a go statement's function, with a *testing.T.
	{variant: "capture.FatalInGoroutine", verdict: conctest.Vet, blame: "call to (*testing.T).Fatal from a non-test goroutine", vet: "capture/testdata/fatalgoroutine",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "capture.ErrorThenFailNow", make: value[capturetest.MustAll](capture.ErrorThenFailNow), work: stopsAtFailure,
		twin: "capture.FatalInHelper", proof: "TestNoLostErrorThenFailNow", want: clean,
		noBubble: "the caller waits in wg.Wait for goroutines that all end, then ends its own with FailNow: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a test that goes on, which only the invariant sees"},
	{variant: "capture.ErrsToCaller", make: value[capturetest.MustAll](capture.ErrsToCaller), work: stopsAtFailure,
		twin: "capture.FatalInHelper", proof: "TestNoLostErrsToCaller", want: clean,
		noBubble: "the goroutines send into a channel with room for every error and end, and the caller ends its own with Fatal: nothing in it can be left blocked, so a bubble has nothing to find; its twin's bug is a test that goes on, which only the invariant sees"},
}
