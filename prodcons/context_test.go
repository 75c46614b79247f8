package prodcons_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/prodcons"
)

func TestBlockedCancelAfterWait(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.CancelAfterWait", stopWatch(prodcons.CancelAfterWait))
}

// Go vet sees a cancel that is never used, not one called too late.
func TestVetDiscardCancel(t *testing.T) {
	static.Prove(t, "testdata/lostcancel", "should be called, not discarded")
}

func TestLeakBackgroundWatch(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.BackgroundWatch", cancelWatch(prodcons.BackgroundWatch))
}

func TestLeakCheckErrFirst(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.CheckErrFirst", cancelWatch(prodcons.CheckErrFirst))
}

// Each broken variant's workload, on the fix: stop must return, and the
// caller's cancel alone must end the watch.
func TestNoLeakCallerContext(t *testing.T) {
	t.Run("stop", func(t *testing.T) {
		conctest.ProveClean(t, stopWatch(prodcons.CallerContext), conctest.Bubble(),
			conctest.Twin(conctest.Blocked, "prodcons.CancelAfterWait", stopWatch(prodcons.CancelAfterWait)))
	})
	t.Run("cancel", func(t *testing.T) {
		conctest.ProveClean(t, cancelWatch(prodcons.CallerContext), conctest.Bubble(),
			conctest.Twin(conctest.Blocked, "prodcons.BackgroundWatch", cancelWatch(prodcons.BackgroundWatch)))
	})
	t.Run("cancel-in-receive", func(t *testing.T) {
		conctest.ProveClean(t, cancelWatch(prodcons.CallerContext), conctest.Bubble(),
			conctest.Twin(conctest.Blocked, "prodcons.CheckErrFirst", cancelWatch(prodcons.CheckErrFirst)))
	})
}

func ExampleCallerContext() {
	feed := make(chan int)
	stop := prodcons.CallerContext(context.Background(), feed, func(item int) { fmt.Println("handled", item) })
	feed <- 1
	feed <- 2
	stop()
	// Output:
	// handled 1
	// handled 2
}
