package capture

import (
	"context"
	"time"
)

// NamedResult runs work in a goroutine and waits for its result at most
// timeout. The goroutine stores work's results straight into
// NamedResult's named results, and closes done.
//
// Broken: after a timeout, NamedResult's return writes v and err, the
// variables the goroutine's closure captured, while the goroutine, still
// running, writes them too: nothing orders the two writes, nor the
// goroutine's write and the copy the caller gets. The race detector
// reports the two writes on every run in which the timeout wins. The
// caller mostly gets 0 and the context's error, but nothing in the code
// makes it so: in one run of make test-race it got the work's late
// result instead, which the invariant reported.
func NamedResult(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (v int, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan struct{})
	go func() {
		v, err = work(ctx) // the caller's named results, maybe after it returned
		close(done)
	}()
	select {
	case <-done:
		return v, err
	case <-ctx.Done():
		return 0, ctx.Err() // writes v and err, as the goroutine may
	}
}

// WorkerLocals is NamedResult with the goroutine writing variables of its
// own, which the caller reads only once done is closed.
//
// Fixed: the goroutine writes only wv and werr, and the caller reads
// them only after receiving from done, which the close is synchronized
// before (the Go memory model); after a timeout the caller never reads
// them, and writes only its own results. The goroutine ends when work
// does: close never blocks. Clean under every detector.
func WorkerLocals(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (v int, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan struct{})
	var wv int
	var werr error
	go func() {
		wv, werr = work(ctx) // the goroutine's own variables
		close(done)
	}()
	select {
	case <-done:
		return wv, werr
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
