package prodcons

import (
	"context"
	"sync"
)

// Each variant of this lesson watches a feed: it calls handle on each
// item of feed, in a goroutine of its own, until ctx is done or the stop
// function it returns is called; stop returns once that goroutine has.
// The feed is never closed: it belongs to a hub that outlives every
// watch. Python has no context: a thread is stopped by an Event it
// checks, or by a sentinel on its queue.

// CancelAfterWait defers the cancel in stop, before it waits.
//
// Broken: deferred calls run when stop returns, after wg.Wait, and Wait
// waits for a goroutine that only the cancel would end: stop never
// returns. Go vet's lostcancel analyzer sees a cancel that is discarded
// (testdata/lostcancel) or unused on some path, not one called too
// late: a deferred cancel is a use. In a testing/synctest bubble every
// goroutine is then blocked; goleak lists them, and in a plain run the
// watchdog reports the hang.
func CancelAfterWait(ctx context.Context, feed <-chan int, handle func(int)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { follow(ctx, feed, handle) })
	return func() {
		defer cancel() // runs after the Wait it should end
		wg.Wait()
	}
}

// BackgroundWatch derives the watch's context from context.Background(),
// not from the caller's.
//
// Broken: stop still ends the watch, but the caller's cancel never
// reaches it: a caller that cancels ctx and forgets stop, as a request
// that ends does, leaves the goroutine following the feed forever.
// goleak lists it; in a testing/synctest bubble it is the goroutine left
// blocked.
func BackgroundWatch(ctx context.Context, feed <-chan int, handle func(int)) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background()) // not the caller's ctx
	var wg sync.WaitGroup
	wg.Go(func() { follow(ctx, feed, handle) })
	return func() { cancel(); wg.Wait() }
}

// CheckErrFirst checks ctx.Err() before each receive from the feed,
// but the receive itself does not look at the context.
//
// Broken: a cancel, the caller's or stop's, that comes while the
// goroutine waits in its receive is never seen: it waits for an item the
// hub may never send, on a feed that is never closed, and never returns.
// goleak lists it; in a testing/synctest bubble it is the goroutine left
// blocked.
func CheckErrFirst(ctx context.Context, feed <-chan int, handle func(int)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			handle(<-feed) // no case for ctx.Done(): a cancel now is never seen
		}
	})
	return func() { cancel(); wg.Wait() }
}

// CallerContext derives the watch's context from the caller's, follows
// the feed in a select with ctx.Done(), and has stop cancel before it
// waits.
//
// Fixed: either cancel, the caller's or stop's, closes Done, the select
// takes that case and the goroutine returns; stop's Wait then returns
// too. Clean under every detector.
func CallerContext(ctx context.Context, feed <-chan int, handle func(int)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { follow(ctx, feed, handle) })
	return func() { cancel(); wg.Wait() }
}

// follow calls handle on each item of feed until ctx is done.
func follow(ctx context.Context, feed <-chan int, handle func(int)) {
	for {
		select {
		case item := <-feed:
			handle(item)
		case <-ctx.Done():
			return
		}
	}
}
