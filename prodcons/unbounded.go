package prodcons

import (
	"cmp"
	"context"
	"sync"

	"github.com/sasha-s/go-deadlock"
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
	var c collector
	var wg sync.WaitGroup
	for item, ok := c.next(ctx, src); ok; item, ok = c.next(ctx, src) {
		wg.Go(func() { c.add(item)(work(ctx, item)) }) // no limit: one goroutine per item
	}
	wg.Wait()
	return c.results(ctx)
}

// WorkerPool starts limit workers, and each takes the next item when it
// is free: Python's ThreadPoolExecutor(max_workers=limit).
//
// Fixed: at most limit items are in flight, whatever the number of items;
// the goroutines are created once, not per item. Clean under every
// detector.
func WorkerPool(ctx context.Context, src *Source, limit int, work Work) ([]Result, error) {
	var c collector
	var wg sync.WaitGroup
	for range limit {
		wg.Go(func() {
			for item, ok := c.next(ctx, src); ok; item, ok = c.next(ctx, src) {
				c.add(item)(work(ctx, item))
			}
		})
	}
	wg.Wait()
	return c.results(ctx)
}

// SetLimit keeps the goroutine per item and bounds them with
// errgroup.Group's SetLimit.
//
// Fixed: Go blocks while limit goroutines are running, so the loop takes
// the next item only when one has finished. The smallest change to
// GoPerItem. Clean under every detector.
func SetLimit(ctx context.Context, src *Source, limit int, work Work) ([]Result, error) {
	var c collector
	var g errgroup.Group
	g.SetLimit(limit) // Go waits while limit goroutines run
	for item, ok := c.next(ctx, src); ok; item, ok = c.next(ctx, src) {
		g.Go(func() error { c.add(item)(work(ctx, item)); return nil })
	}
	_ = g.Wait() // every error is in c
	return c.results(ctx)
}

// A collector gathers a pool's results and its first error. It is safe
// for concurrent use.
type collector struct {
	mu     deadlock.Mutex
	out    []Result
	failed error
}

// next takes the next item unless the pool should stop: the source is
// empty, the context is done, or an item has failed.
func (c *collector) next(ctx context.Context, src *Source) (int, bool) {
	c.mu.Lock()
	failed := c.failed != nil
	c.mu.Unlock()
	if failed || ctx.Err() != nil {
		return 0, false
	}
	return src.Next()
}

// add returns the function that records item's value or error.
func (c *collector) add(item int) func(int, error) {
	return func(v int, err error) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if err != nil {
			c.failed = cmp.Or(c.failed, err)
			return
		}
		c.out = append(c.out, Result{item, v})
	}
}

func (c *collector) results(ctx context.Context) ([]Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out, cmp.Or(c.failed, ctx.Err())
}
