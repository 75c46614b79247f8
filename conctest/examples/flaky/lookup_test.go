package flaky_test

import (
	"context"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type lookupFunc func(context.Context, string, func(string) string) (string, error)

// lookupOnce is the regression: one lookup with a 3 ms deadline, from a
// backend that answers in 500 µs on average.
func lookupOnce(lookup lookupFunc) func() error {
	return func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Millisecond)
		defer cancel()
		_, _ = lookup(ctx, "user:42", func(key string) string {
			time.Sleep(latency(500 * time.Microsecond))
			return "ann"
		})
		return nil // a timeout is an answer too
	}
}

func TestLeakLookupUnbuffered(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "flaky.LookupUnbuffered", lookupOnce(flaky.LookupUnbuffered), repeat, conctest.Copies(4))
}

// After a timeout, Lookup's goroutine sleeps on in the backend: neither
// goleak nor the bubble may call that a leak. In the bubble, the twin's
// stuck goroutine is Blocked; but on its fake clock a lookup outlasts the
// deadline only when the backend takes over six times its mean, one try
// in four hundred, so eight copies a try make sure the twin meets one.
func TestNoLeakLookup(t *testing.T) {
	conctest.ProveClean(t, lookupOnce(flaky.Lookup), repeat, conctest.Bubble(), conctest.Copies(8),
		conctest.Twin(conctest.Blocked, "flaky.LookupUnbuffered", lookupOnce(flaky.LookupUnbuffered), repeat))
}
