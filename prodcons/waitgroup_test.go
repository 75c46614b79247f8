package prodcons_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestRaceAddInside(t *testing.T) {
	conctest.Prove(t, conctest.Race, "prodcons.(*AddInside).Gather", gather(new(prodcons.AddInside), 4, 2, prodconstest.Complete))
}

func TestLostAddInside(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "results missing", gather(new(prodcons.AddInside), 4, 2, prodconstest.Complete))
}

// Go vet sees the bug only in its simplest shape.
func TestVetAddFirstInGoroutine(t *testing.T) {
	static.Prove(t, "testdata/waitgroupadd", "WaitGroup.Add called from inside new goroutine")
}

func TestNoRaceAddBeforeGo(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, gather(prodcons.AddBeforeGo{}, manyItems, manyWorkers, e.end), conctest.Bubble(), addInsideTwin(e.end))
		})
	}
}

func TestNoRaceWaitGroupGo(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, gather(prodcons.WaitGroupGo{}, manyItems, manyWorkers, e.end), conctest.Bubble(), addInsideTwin(e.end))
		})
	}
}

// addInsideTwin runs the same workload on AddInside, whose goroutines
// start only once Gather has returned. At the complete end they write
// the results while the caller reads them: a race. At the others the
// call returns no error, since no item has failed or seen the cancel
// yet, and nothing reads the results after it: Lost.
func addInsideTwin(end prodconstest.End) conctest.Option {
	twin := gather(new(prodcons.AddInside), manyItems, manyWorkers, end)
	if end == prodconstest.Complete {
		return conctest.Twin(conctest.Race, "prodcons.(*AddInside).Gather", twin)
	}
	return conctest.Twin(conctest.Lost, "got error <nil>", twin)
}

func ExampleWaitGroupGo() {
	square := func(_ context.Context, i int) (int, error) { return i * i, nil }
	results, err := prodcons.WaitGroupGo{}.Gather(context.Background(), 6, 3, square)
	fmt.Println(results, err)
	// Output: [0 1 4 9 16 25] <nil>
}
