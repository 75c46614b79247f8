package counter_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
	"github.com/racelab/racelab/internal/countertest"
)

// report is the workload Report on s: tiny for a race proof, under load
// for a fix.
func report(s countertest.Stats, workers, n int) func() error {
	return func() error { return countertest.Report(s, workers, n, n) }
}

func TestRacePlainFlush(t *testing.T) {
	conctest.Prove(t, conctest.Race, "counter.(*PlainFlush).Flush", report(new(counter.PlainFlush), raceWorkers, raceIncs))
}

func TestNoRaceSwapFlush(t *testing.T) {
	conctest.ProveClean(t, report(new(counter.SwapFlush), loadWorkers, loadIncs),
		conctest.Twin(conctest.Race, "counter.(*PlainFlush).Flush", report(new(counter.PlainFlush), loadWorkers, loadIncs)))
}

func ExampleSwapFlush() {
	var s counter.SwapFlush
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				s.Hit()
			}
		})
	}
	wg.Wait()
	fmt.Println(s.Flush(), s.Flush())
	// Output: 4000 0
}
