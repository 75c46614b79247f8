package prodcons_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/internal/window"
)

func TestMain(m *testing.M) {
	window.Required()
	static.Batch("testdata/lostcancel", "testdata/spinselect", "testdata/waitgroupadd") // the vet lessons: one run of each analyzer
	conctest.Main(m)
}

// Broken proofs stay small: a few goroutines, a few items. Fixed
// variants move many items, and are proven at every end: all items, a
// cancel half-way, an error half-way. A call with a timeout is made
// manyCalls times, one call after another: no two calls contend, so
// more of them give a detector nothing new to see, and what catches a
// broken call is the one that ends late, made first (make mutate: each
// of timeout.go's mutants fails there).
const (
	fewItems, fewWorkers   = 100, 3
	manyItems, manyWorkers = 1_000, 4
	manyCalls              = 100
)

var ends = []struct {
	name string
	end  prodconstest.End
}{{"complete", prodconstest.Complete}, {"cancel", prodconstest.Cancel}, {"fail", prodconstest.Fail}}

// The workloads, as the func() error a proof runs.

func deliver(p prodconstest.Pipeline, n, workers int, end prodconstest.End) func() error {
	return func() error { return prodconstest.Deliver(p, n, workers, end) }
}

func collect(p prodconstest.Pool, n, workers int, end prodconstest.End) func() error {
	return func() error { return prodconstest.Collect(p, n, workers, end) }
}

func calls(c prodconstest.Call, n int, end prodconstest.End) func() error {
	return func() error { return prodconstest.Calls(c, n, end) }
}

func gather(g prodconstest.Gatherer, n, workers int, end prodconstest.End) func() error {
	return func() error { return prodconstest.GatherAll(g, n, workers, end) }
}

func trickle(b prodconstest.Batch) func() error {
	return func() error { return prodconstest.Trickle(b) }
}

func polls(p prodconstest.Poller) func() error {
	return func() error { return prodconstest.Polls(p) }
}

func flushes(f prodconstest.Flusher) func() error {
	return func() error { return prodconstest.Flushes(f) }
}

func stopWatch(w prodconstest.Watch) func() error {
	return func() error { return prodconstest.StopWatch(w) }
}

func cancelWatch(w prodconstest.Watch) func() error {
	return func() error { return prodconstest.CancelWatch(w) }
}

func callInTime(c prodconstest.Call) func() error {
	return func() error { return prodconstest.CallInTime(c) }
}

func callWatched(c prodconstest.Call) func() error {
	return func() error { return prodconstest.CallWatched(c) }
}
