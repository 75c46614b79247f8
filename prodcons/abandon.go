package prodcons

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// PlainSend stops its consumers at the first error (or, in a search, the
// first match) while its producer sends with a plain channel send.
//
// Broken: once every consumer has stopped, nothing receives, and the
// producer blocks in its next send forever. The call itself returns the
// error: nothing looks wrong but a goroutine that never ends, holding
// whatever it references. Python's put on a full Queue(maxsize) blocks the
// same way. goleak lists the producer; in a testing/synctest bubble it is
// the goroutine left blocked.
func PlainSend(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	items := make(chan int)
	var wg sync.WaitGroup
	go func() {
		defer close(items)
		for item, ok := src.Next(); ok; item, ok = src.Next() {
			items <- item // blocks forever once every consumer has stopped
		}
	}()
	for range workers {
		wg.Go(func() { stopOn(stop, consume(ctx, items, handle)) })
	}
	wg.Wait()
	return context.Cause(ctx)
}

// SelectDone is PlainSend with the producer selecting between its send
// and the context's done channel, and waited for like the consumers.
//
// Fixed: the first error cancels the context, which closes Done, and a
// closed channel is ready for every receiver: the producer's select takes
// that case and returns. Clean under every detector.
func SelectDone(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	items := make(chan int)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(items)
		for item, ok := src.Next(); ok; item, ok = src.Next() {
			select {
			case items <- item:
			case <-ctx.Done(): // the consumers have stopped
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

// ErrGroup is SelectDone written with errgroup.WithContext, which keeps
// the first error and cancels the context with it.
//
// Fixed: the same select on Done, with the group's bookkeeping: Wait
// returns once the producer and every consumer have returned, with the
// first error. Clean under every detector.
func ErrGroup(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	items := make(chan int)
	g.Go(func() error {
		defer close(items)
		for item, ok := src.Next(); ok; item, ok = src.Next() {
			select {
			case items <- item:
			case <-ctx.Done(): // a consumer failed
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

// consume handles items until the channel is closed, the context is
// done, or handle fails.
func consume(ctx context.Context, items <-chan int, handle func(int) error) error {
	for item := range items {
		if ctx.Err() != nil {
			return nil
		}
		if err := handle(item); err != nil {
			return err
		}
	}
	return nil
}

func stopOn(stop context.CancelCauseFunc, err error) {
	if err != nil {
		stop(err)
	}
}
