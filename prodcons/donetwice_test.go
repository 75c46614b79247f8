package prodcons_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestPanicDoneOnError(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "prodcons.DoneOnError.Gather", gather(prodcons.DoneOnError{}, fewItems, fewWorkers, prodconstest.Fail))
}

// Every goroutine that stops at an error, the item's or the cancel's,
// takes the error path.
func TestNoPanicDeferredDone(t *testing.T) {
	for _, e := range ends[1:] {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, gather(prodcons.DeferredDone{}, manyItems, manyWorkers, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Panic, "prodcons.DoneOnError.Gather", gather(prodcons.DoneOnError{}, manyItems, manyWorkers, e.end)))
		})
	}
}

func ExampleDeferredDone() {
	errOdd := errors.New("odd item")
	square := func(_ context.Context, i int) (int, error) {
		if i == 3 {
			return 0, errOdd
		}
		return i * i, nil
	}
	results, err := prodcons.DeferredDone{}.Gather(context.Background(), 6, 2, square)
	fmt.Println(results, err)
	// Output: [0 1 4 0 16 0] odd item
}
