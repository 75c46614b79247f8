package prodcons_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/prodcons"
)

// In a bubble the producer's pace and the timers share one fake clock:
// the batch is full on every run.
func TestLostAfterEachItem(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "the wait started over at each item", trickle(prodcons.AfterEachItem), conctest.Bubble())
}

func TestNoLostOneDeadline(t *testing.T) {
	conctest.ProveClean(t, trickle(prodcons.OneDeadline), conctest.Bubble(),
		conctest.Twin(conctest.Lost, "the wait started over at each item", trickle(prodcons.AfterEachItem)))
}

func ExampleOneDeadline() {
	items := make(chan int, 3)
	items <- 1
	items <- 2
	items <- 3
	close(items)
	fmt.Println(prodcons.OneDeadline(items, 10, time.Minute))
	// Output: [1 2 3]
}
