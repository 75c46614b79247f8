package prodcons_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

// In the bubble every fetch waits on the fake clock until every
// goroutine is blocked, so the count in flight is all GoPerItem started.
func TestLostGoPerItem(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "in flight", collect(prodcons.GoPerItem, fewItems, fewWorkers, prodconstest.Complete), conctest.Bubble())
}

func TestNoLostWorkerPool(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, collect(prodcons.WorkerPool, manyItems, manyWorkers, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Lost, "in flight", collect(prodcons.GoPerItem, manyItems, manyWorkers, e.end)))
		})
	}
}

func TestNoLostSetLimit(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, collect(prodcons.SetLimit, manyItems, manyWorkers, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Lost, "in flight", collect(prodcons.GoPerItem, manyItems, manyWorkers, e.end)))
		})
	}
}

func ExampleSetLimit() {
	double := func(_ context.Context, i int) (int, error) { return 2 * i, nil }
	results, err := prodcons.SetLimit(context.Background(), prodcons.NewSource(1000), 8, double)
	sum := 0
	for _, r := range results {
		sum += r.Value
	}
	fmt.Println(len(results), sum, err)
	// Output: 1000 999000 <nil>
}
