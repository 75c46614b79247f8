package prodcons_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestBlockedFetchThenProcess(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.FetchThenProcess", fetchProcess(prodcons.FetchThenProcess, fewItems, fewWorkers, prodconstest.Complete))
}

func TestNoBlockedPipelined(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, fetchProcess(prodcons.Pipelined, manyItems, 16, e.end), conctest.Bubble(),
				conctest.Twin(conctest.Blocked, "prodcons.FetchThenProcess", fetchProcess(prodcons.FetchThenProcess, manyItems, 16, e.end)))
		})
	}
}

func fetchProcess(p prodconstest.Pool, n, fetchers int, end prodconstest.End) func() error {
	return func() error { return prodconstest.FetchProcess(p, n, fetchers, end) }
}

func ExamplePipelined() {
	fetch := func(_ context.Context, i int) (int, error) { return i, nil }
	results, err := prodcons.Pipelined(context.Background(), prodcons.NewSource(1000), 16, fetch)
	fmt.Println(len(results), err)
	// Output: 1000 <nil>
}
