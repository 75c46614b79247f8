package prodcons_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

// BenchmarkChannel measures producer-consumer throughput, one item per
// op, by channel buffer and number of consumers: what a buffer buys when
// the consumers keep up, and what more consumers cost when the work per
// item is nothing.
func BenchmarkChannel(b *testing.B) {
	for _, buffer := range []int{0, 1, 64} {
		for _, workers := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("buffer=%d/workers=%d", buffer, workers), func(b *testing.B) {
				items := make(chan int, buffer)
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for range items {
						}
					})
				}
				for i := 0; b.Loop(); i++ {
					items <- i
				}
				close(items)
				wg.Wait()
			})
		}
	}
}

// BenchmarkPipeline measures the fixed pipelines end to end, one item
// per op, by number of consumers.
func BenchmarkPipeline(b *testing.B) {
	nothing := func(int) error { return nil }
	for _, p := range []struct {
		name string
		run  prodconstest.Pipeline
	}{{"CloseRange", prodcons.CloseRange}, {"SentinelPerWorker", prodcons.SentinelPerWorker},
		{"SelectDone", prodcons.SelectDone}, {"ErrGroup", prodcons.ErrGroup}, {"OwnerCloses", prodcons.OwnerCloses}} {
		for _, workers := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("%s/workers=%d", p.name, workers), func(b *testing.B) {
				if err := p.run(context.Background(), prodcons.NewSource(b.N), workers, nothing); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkPool measures the fixed pools, one item per op, by number of
// workers, with work that costs what Crunch costs.
func BenchmarkPool(b *testing.B) {
	crunch := func(_ context.Context, item int) (int, error) { return prodcons.Crunch(item), nil }
	for _, p := range []struct {
		name string
		run  prodconstest.Pool
	}{{"WorkerPool", prodcons.WorkerPool}, {"SetLimit", prodcons.SetLimit},
		{"IndexedSlice", prodcons.IndexedSlice}, {"AsCompleted", prodcons.AsCompleted}, {"Pipelined", prodcons.Pipelined}} {
		for _, workers := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("%s/workers=%d", p.name, workers), func(b *testing.B) {
				results, err := p.run(context.Background(), prodcons.NewSource(b.N), workers, crunch)
				if err != nil || len(results) != b.N {
					b.Fatalf("got %d results, %v; want %d, nil", len(results), err, b.N)
				}
			})
		}
	}
}
