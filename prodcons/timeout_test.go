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
	slow := func(ctx context.Context) (int, error) {
		<-ctx.Done() // a fetch that honours its context
		return 0, ctx.Err()
	}
	_, err := prodcons.BufferedResult(context.Background(), time.Millisecond, slow)
	fmt.Println(err)
	// Output: context deadline exceeded
}
