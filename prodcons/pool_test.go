package prodcons_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

// Overlap: two workers each hold one item until both are in flight, so
// that their writes are never ordered by a hand-off.

func TestRaceSharedMap(t *testing.T) {
	conctest.Prove(t, conctest.Race, "prodcons.SharedMap", collect(prodcons.SharedMap, 2, 2, prodconstest.Overlap))
}

func TestNoRaceIndexedSlice(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, inOrder(prodcons.IndexedSlice, manyItems, manyWorkers, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Race, "prodcons.SharedMap", inOrder(prodcons.SharedMap, manyItems, manyWorkers, e.end)))
		})
	}
}

func TestRaceSharedAppend(t *testing.T) {
	conctest.Prove(t, conctest.Race, "prodcons.SharedAppend", collect(prodcons.SharedAppend, 2, 2, prodconstest.Overlap))
}

func TestNoRaceAsCompleted(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, collect(prodcons.AsCompleted, manyItems, manyWorkers, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Race, "prodcons.SharedAppend", collect(prodcons.SharedAppend, manyItems, manyWorkers, e.end)))
		})
	}
}

func inOrder(p prodconstest.Pool, n, workers int, end prodconstest.End) func() error {
	return func() error { return prodconstest.CollectInOrder(p, n, workers, end) }
}

func ExampleIndexedSlice() {
	square := func(_ context.Context, i int) (int, error) { return i * i, nil }
	results, err := prodcons.IndexedSlice(context.Background(), prodcons.NewSource(5), 3, square)
	fmt.Println(results, err)
	// Output: [{0 0} {1 1} {2 4} {3 9} {4 16}] <nil>
}

func ExampleAsCompleted() {
	square := func(_ context.Context, i int) (int, error) { return i * i, nil }
	results, err := prodcons.AsCompleted(context.Background(), prodcons.NewSource(100), 4, square)
	sum := 0
	for _, r := range results { // in the order they finished
		sum += r.Value
	}
	fmt.Println(len(results), sum, err)
	// Output: 100 328350 <nil>
}
