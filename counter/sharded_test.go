package counter_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
)

func TestNoRaceSharded(t *testing.T) {
	conctest.ProveClean(t, hammer[counter.Sharded](loadWorkers, loadIncs), unsyncTwin)
}

// The twin is Sharded with its Add split into a Load and a Store.
func TestNoLostSharded(t *testing.T) {
	conctest.ProveClean(t, interleave[counter.Sharded],
		conctest.Twin(conctest.Lost, "counter.ShardedLoadStore", interleave[counter.ShardedLoadStore]))
}

func ExampleSharded() {
	var c counter.Sharded
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
