package prodcons_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/prodcons"
)

func TestLeakRangeTicker(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.RangeTicker.func1", polls(prodcons.RangeTicker))
}

func TestBlockedRangeTicker(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.RangeTicker.func1", polls(prodcons.RangeTicker))
}

func TestNoLeakSelectTicker(t *testing.T) {
	conctest.ProveClean(t, polls(prodcons.SelectTicker), conctest.Bubble(),
		conctest.Twin(conctest.Blocked, "prodcons.RangeTicker.func1", polls(prodcons.RangeTicker)))
}

func ExampleSelectTicker() {
	polled := make(chan struct{}, 1)
	stop := prodcons.SelectTicker(time.Millisecond, func() {
		select {
		case polled <- struct{}{}:
		default:
		}
	})
	<-polled
	stop() // no poll runs after stop returns
	fmt.Println("polled, then stopped")
	// Output: polled, then stopped
}
