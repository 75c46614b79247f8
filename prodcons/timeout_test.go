package prodcons_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/prodcons"
)

func TestLeakUnbufferedResult(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "prodcons.UnbufferedResult.func1", func() error { return prodcons.CallLate(prodcons.UnbufferedResult) })
}

func TestBlockedUnbufferedResult(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "prodcons.UnbufferedResult.func1", func() error { return prodcons.CallLate(prodcons.UnbufferedResult) })
}

func TestNoLeakBufferedResult(t *testing.T) {
	conctest.ProveClean(t, func() error { return prodcons.CallLate(prodcons.BufferedResult) }, conctest.Bubble())
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, calls(prodcons.BufferedResult, manyItems, e.end), conctest.Bubble())
		})
	}
}

func TestNoLeakSelectContext(t *testing.T) {
	conctest.ProveClean(t, func() error { return prodcons.CallLate(prodcons.SelectContext) }, conctest.Bubble())
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			conctest.ProveClean(t, calls(prodcons.SelectContext, manyItems, e.end), conctest.Bubble())
		})
	}
}

func ExampleBufferedResult() {
	fetch := func(context.Context) (int, error) { return 42, nil }
	v, err := prodcons.BufferedResult(context.Background(), time.Minute, fetch)
	fmt.Println(v, err)
	// Output: 42 <nil>
}
