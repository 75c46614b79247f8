package prodcons_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/prodconstest"
	"github.com/racelab/racelab/prodcons"
)

func TestLeakUnbufferedResult(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.UnbufferedResult.func1", callLate(prodcons.UnbufferedResult))
}

func TestBlockedUnbufferedResult(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.UnbufferedResult.func1", callLate(prodcons.UnbufferedResult))
}

func TestNoLeakBufferedResult(t *testing.T) {
	conctest.ProveClean(t, callLate(prodcons.BufferedResult), conctest.Bubble(),
		conctest.Twin(conctest.Blocked, "prodcons.UnbufferedResult.func1", callLate(prodcons.UnbufferedResult)))
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, calls(prodcons.BufferedResult, manyCalls, e.end), conctest.Bubble(), unbufferedTwin(e.end))
		})
	}
}

func TestNoLeakSelectContext(t *testing.T) {
	conctest.ProveClean(t, callLate(prodcons.SelectContext), conctest.Bubble(),
		conctest.Twin(conctest.Blocked, "prodcons.UnbufferedResult.func1", callLate(prodcons.UnbufferedResult)))
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, calls(prodcons.SelectContext, manyCalls, e.end), conctest.Bubble(), unbufferedTwin(e.end))
		})
	}
}

func callLate(c prodconstest.Call) func() error {
	return func() error { return prodconstest.CallLate(c) }
}

// unbufferedTwin runs the same Calls on UnbufferedResult: the worker of
// its one late call is left blocked in its send, at every end.
func unbufferedTwin(end prodconstest.End) conctest.Option {
	return conctest.Twin(conctest.Blocked, "prodcons.UnbufferedResult.func1", calls(prodcons.UnbufferedResult, manyCalls, end))
}

func ExampleBufferedResult() {
	fetch := func(context.Context) (int, error) { return 42, nil }
	v, err := prodcons.BufferedResult(context.Background(), time.Minute, fetch)
	fmt.Println(v, err)
	// Output: 42 <nil>
}
