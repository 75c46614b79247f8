package prodcons_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/prodcons"
)

func TestBlockedDrainAfterStop(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.DrainAfterStop", flushes(prodcons.DrainAfterStop))
}

func TestNoBlockedResetOnly(t *testing.T) {
	conctest.ProveClean(t, flushes(prodcons.ResetOnly), conctest.Bubble(),
		conctest.Twin(conctest.Blocked, "prodcons.DrainAfterStop", flushes(prodcons.DrainAfterStop)))
}

func ExampleResetOnly() {
	items := make(chan int, 3)
	items <- 1
	items <- 2
	items <- 3
	close(items)
	prodcons.ResetOnly(items, time.Hour, func(batch []int) { fmt.Println(batch) })
	// Output: [1 2 3]
}
