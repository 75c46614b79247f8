package prodcons_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/prodcons"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// Broken proofs stay small: a few goroutines, a few items. Fixed
// variants move many items, and are proven at every end: all items, a
// cancel half-way, an error half-way.
const (
	fewItems, fewWorkers   = 100, 3
	manyItems, manyWorkers = 10_000, 4
)

var ends = []struct {
	name string
	end  prodcons.End
}{{"complete", prodcons.Complete}, {"cancel", prodcons.Cancel}, {"fail", prodcons.Fail}}

// The workloads, as the func() error a proof runs.

func deliver(p prodcons.Pipeline, n, workers int, end prodcons.End) func() error {
	return func() error { return prodcons.Deliver(p, n, workers, end) }
}

func collect(p prodcons.Pool, n, workers int, end prodcons.End) func() error {
	return func() error { return prodcons.Collect(p, n, workers, end) }
}

func calls(c prodcons.Call, n int, end prodcons.End) func() error {
	return func() error { return prodcons.Calls(c, n, end) }
}

func gather(g prodcons.Gatherer, n, workers int, end prodcons.End) func() error {
	return func() error { return prodcons.GatherAll(g, n, workers, end) }
}
