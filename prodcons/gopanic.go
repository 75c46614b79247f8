package prodcons

import (
	"context"
	"fmt"
	"runtime/debug"

	"golang.org/x/sync/errgroup"
)

// Each variant of this lesson has a Gather method, which runs work on
// the items 0..n-1 with workers goroutines of an errgroup, each taking
// every workers-th item, and returns the results in item order with the
// first error. The work may panic on a bad item, as a parser or a
// plugin may.

// GroupNoRecover runs each worker as the errgroup's function, as is.
//
// Broken: a panic that no deferred recover in its own goroutine stops
// ends the program: the runtime prints the panic and the goroutine's
// stack and exits with status 2, whatever the caller of Gather would
// have recovered. errgroup does not recover either: a comment in its Go
// (x/sync v0.24.0) says why it leaves panics alone, and wg.Go's doc says
// its function must not panic. Python is the other way round: an
// exception in a thread ends that thread, threading.excepthook prints
// it, and the process lives on. The runtime reports the panic.
type GroupNoRecover struct{}

func (GroupNoRecover) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results := make([]int, n)
	g, ctx := errgroup.WithContext(ctx)
	for w := range workers {
		g.Go(func() error {
			return stripeErr(ctx, w, workers, results, work) // a panic here ends the program
		})
	}
	return results, g.Wait()
}

// GroupRecover defers a recover at the top of each worker's function,
// which turns a panic into the function's error.
//
// Fixed: the panic ends that worker only; its error, with the panic's
// value and stack, cancels the group's context and is what Wait
// returns, as any other error would be. Recover where a bad input must
// not take the process down (a server, a batch of untrusted items); a
// panic that means the program itself is wrong is better left to crash
// it. Clean under every detector.
type GroupRecover struct{}

func (GroupRecover) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results := make([]int, n)
	g, ctx := errgroup.WithContext(ctx)
	for w := range workers {
		g.Go(func() (err error) {
			defer recoverTo(&err) // a panic becomes this worker's error
			return stripeErr(ctx, w, workers, results, work)
		})
	}
	return results, g.Wait()
}

// stripeErr works on the items w, w+workers, ... and stops at the first
// error, or when another worker's error has cancelled ctx.
func stripeErr(ctx context.Context, w, workers int, results []int, work Work) error {
	for i := w; i < len(results) && ctx.Err() == nil; i += workers {
		v, err := work(ctx, i)
		if err != nil {
			return err
		}
		results[i] = v
	}
	return ctx.Err()
}

// recoverTo, deferred, turns a panic of the goroutine it runs in into
// *err. recover stops a panic only when a deferred function calls it
// directly, in the goroutine that panicked.
func recoverTo(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("recovered panic: %v\n%s", p, debug.Stack())
	}
}
