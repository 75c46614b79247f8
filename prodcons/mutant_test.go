package prodcons

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// One-line mutations of the fixes, for the workloads no broken variant
// fails: a fix's proof runs its workload on one of these as its Twin
// where the broken variant it fixes would pass. Each is the fix with one
// line removed, marked where it was.

// SelectDoneUnclosed is SelectDone with its producer's close removed:
// once the items run out, the consumers wait in range forever.
func SelectDoneUnclosed(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	items := make(chan int)
	var wg sync.WaitGroup
	wg.Go(func() {
		// mutated: defer close(items)
		for item, ok := src.Next(); ok; item, ok = src.Next() {
			select {
			case items <- item:
			case <-ctx.Done():
				return
			}
		}
	})
	for range workers {
		wg.Go(func() { stopOn(stop, consume(ctx, items, handle)) })
	}
	wg.Wait()
	return context.Cause(ctx)
}

// ErrGroupUnclosed is ErrGroup with its producer's close removed.
func ErrGroupUnclosed(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	items := make(chan int)
	g.Go(func() error {
		// mutated: defer close(items)
		for item, ok := src.Next(); ok; item, ok = src.Next() {
			select {
			case items <- item:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range workers {
		g.Go(func() error { return consume(ctx, items, handle) })
	}
	return g.Wait()
}
