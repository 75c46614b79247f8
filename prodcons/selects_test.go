package prodcons_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/prodcons"
)

func TestBlockedNilResult(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.NilResult.func1", callInTime(prodcons.NilResult))
}

// The caller is never seen blocked while it waits. A bubble cannot tell:
// a goroutine that spins is not blocked, and while it spins the fake
// clock stands still.
func TestLostPollResult(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "it never blocked", callWatched(prodcons.PollResult))
}

// staticcheck sees the busy loop only when its default is empty.
func TestVetEmptyDefault(t *testing.T) {
	static.Prove(t, "testdata/spinselect", "should not have an empty default case in a for+select loop")
}

func TestNoBlockedWaitResult(t *testing.T) {
	t.Run("in-time", func(t *testing.T) {
		conctest.ProveClean(t, callInTime(prodcons.WaitResult), conctest.Bubble(),
			conctest.Twin(conctest.Blocked, "prodcons.NilResult.func1", callInTime(prodcons.NilResult)))
	})
	t.Run("watched", func(t *testing.T) {
		conctest.ProveClean(t, callWatched(prodcons.WaitResult), conctest.Bubble(),
			conctest.Twin(conctest.Lost, "it never blocked", callWatched(prodcons.PollResult)))
	})
}

func ExampleWaitResult() {
	fetch := func(context.Context) (int, error) { return 42, nil }
	v, err := prodcons.WaitResult(context.Background(), time.Minute, fetch)
	fmt.Println(v, err)
	// Output: 42 <nil>
}
