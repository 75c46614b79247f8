package counter_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
)

func TestRaceUnsync(t *testing.T) {
	conctest.Prove(t, conctest.Race, "counter.(*Unsync).Inc", hammer[counter.Unsync](raceWorkers, raceIncs))
}

func TestNoRaceMutex(t *testing.T) {
	conctest.ProveClean(t, hammer[counter.Mutex](loadWorkers, loadIncs), unsyncTwin)
}

func TestNoRaceAtomic(t *testing.T) {
	conctest.ProveClean(t, hammer[counter.Atomic](loadWorkers, loadIncs), unsyncTwin)
}

func ExampleMutex() {
	var c counter.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				c.Inc()
			}
		})
	}
	wg.Wait()
	fmt.Println(c.Value())
	// Output: 4000
}

func ExampleAtomic() {
	var c counter.Atomic
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				c.Inc()
			}
		})
	}
	wg.Wait()
	fmt.Println(c.Value())
	// Output: 4000
}
