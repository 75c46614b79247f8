package prodcons_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestLeakOneSentinel(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.(*queue).getUntilNone", deliver(prodcons.OneSentinel, fewItems, fewWorkers, prodconstest.Complete))
}

func TestBlockedOneSentinel(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.(*queue).getUntilNone", deliver(prodcons.OneSentinel, fewItems, fewWorkers, prodconstest.Complete))
}

func TestNoLeakSentinelPerWorker(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, deliver(prodcons.SentinelPerWorker, manyItems, manyWorkers, e.end), conctest.Bubble(), oneSentinelTwin(e.end))
		})
	}
}

func TestNoLeakCloseRange(t *testing.T) {
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, deliver(prodcons.CloseRange, manyItems, manyWorkers, e.end), conctest.Bubble(), oneSentinelTwin(e.end))
		})
	}
}

// oneSentinelTwin runs the same workload on OneSentinel: one None for
// manyWorkers consumers leaves all but one waiting, at every end.
func oneSentinelTwin(end prodconstest.End) conctest.Option {
	return conctest.Twin(conctest.Blocked, "prodcons.(*queue).getUntilNone", deliver(prodcons.OneSentinel, manyItems, manyWorkers, end))
}

func ExampleCloseRange() {
	var sum atomic.Int64
	err := prodcons.CloseRange(context.Background(), prodcons.NewSource(1000), 4, func(item int) error {
		sum.Add(int64(item))
		return nil
	})
	fmt.Println(sum.Load(), err)
	// Output: 499500 <nil>
}
