package prodcons

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// GoPerItem starts one goroutine per item and never consults its limit:
// "goroutines are cheap".
//
// Broken: they are cheap, but what each one holds is not: a connection,
// a file, a buffer, a slot in a rate-limited API. With a thousand items,
// a thousand fetches run at once, where Python's ThreadPoolExecutor
// (max_workers=4) would have run four. No detector sees a resource
// limit; the invariant does, counting items in flight. In a
// testing/synctest bubble every fetch waits on the fake clock until all
// are in flight, so the count is exact.
func GoPerItem(ctx context.Context, src *Source, limit int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var c collector
	var wg sync.WaitGroup
	for item, ok := next(ctx, src); ok; item, ok = next(ctx, src) {
		wg.Go(func() { c.do(ctx, stop, item, work) }) // no limit: one goroutine per item
	}
	wg.Wait()
	return c.out, context.Cause(ctx)
}

// WorkerPool starts limit workers, and each takes the next item when it
// is free: Python's ThreadPoolExecutor(max_workers=limit).
//
// Fixed: at most limit items are in flight, whatever the number of items;
// the goroutines are created once, not per item. Clean under every
// detector.
func WorkerPool(ctx context.Context, src *Source, limit int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var c collector
	var wg sync.WaitGroup
	for range limit {
		wg.Go(func() { each(ctx, stop, src, work, c.add) }) // limit workers, each takes items while free
	}
	wg.Wait()
	return c.out, context.Cause(ctx)
}

// SetLimit keeps the goroutine per item and bounds them with
// errgroup.Group's SetLimit.
//
// Fixed: Go blocks while limit goroutines are running, so the loop takes
// the next item only when one has finished. The smallest change to
// GoPerItem. Clean under every detector.
func SetLimit(ctx context.Context, src *Source, limit int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var c collector
	var g errgroup.Group
	g.SetLimit(limit) // Go waits while limit goroutines run
	for item, ok := next(ctx, src); ok; item, ok = next(ctx, src) {
		g.Go(func() error { c.do(ctx, stop, item, work); return nil })
	}
	_ = g.Wait() // errors stop the pool through stop
	return c.out, context.Cause(ctx)
}

// A collector gathers a pool's results. It is safe for concurrent use.
type collector struct {
	mu  sync.Mutex
	out []Result
}

func (c *collector) add(r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out = append(c.out, r)
}

// do works on one item and adds its result; an error stops the pool.
func (c *collector) do(ctx context.Context, stop context.CancelCauseFunc, item int, work Work) {
	v, err := work(ctx, item)
	if err != nil {
		stop(err)
		return
	}
	c.add(Result{item, v})
}

// next takes the next item from src unless the context is done.
func next(ctx context.Context, src *Source) (int, bool) {
	if ctx.Err() != nil {
		return 0, false
	}
	return src.Next()
}
