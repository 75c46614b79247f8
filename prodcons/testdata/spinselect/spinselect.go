// Package spinselect holds the shape of the PollResult bug that
// staticcheck sees. It is under testdata because staticcheck rejects
// it: the checks of ./... skip testdata, and a test runs the analyzer
// here.
package spinselect

import (
	"context"
	"time"
)

type result struct {
	value int
	err   error
}

// EmptyDefault polls for the result in a loop around a select with an
// empty default case.
//
// Broken: the caller never blocks and spins a core until the result or
// the timeout is ready (see prodcons.PollResult, whose default is not
// empty, which a synctest bubble's clock proves). This is the shape
// staticcheck's SA5004 matches: "should not have an empty default case
// in a for+select loop; the loop will spin". Drop the default and the
// loop: a select with no default blocks.
func EmptyDefault(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		v, err := work(ctx)
		done <- result{v, err}
	}()
	for {
		select {
		case r := <-done:
			return r.value, r.err
		case <-ctx.Done():
			return 0, ctx.Err()
		default: // staticcheck: the loop will spin
		}
	}
}
