package prodcons

import (
	"context"
	"time"
)

// Each variant of this lesson runs work in a goroutine and waits for its
// result at most timeout: Python's future.result(timeout=...).

// UnbufferedResult waits for its worker's result on an unbuffered channel,
// in a select with the timeout.
//
// Broken: when the timeout wins, the caller returns and no one will ever
// receive; the worker, when its work ends, blocks in its send forever.
// One goroutine, and all it holds, leaks per timed-out call: the most
// common blocking bug in real Go code. goleak lists the worker; in a
// testing/synctest bubble, where the timeout passes on a fake clock, it
// is the goroutine left blocked.
func UnbufferedResult(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan result) // no room: the send waits for a receiver
	go func() {
		v, err := work(ctx)
		done <- result{v, err} // after a timeout, no one ever receives
	}()
	select {
	case r := <-done:
		return r.value, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// BufferedResult gives the result channel room for the one result.
//
// Fixed: the worker's send completes whether or not the caller is still
// there, and the worker exits when its work ends; the channel and its
// result are then garbage. The worker still runs until its work ends:
// pass it the context so that it can stop early. Clean under every
// detector.
func BufferedResult(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan result, 1) // room for the one result: the send never waits
	go func() {
		v, err := work(ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.value, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// SelectContext keeps the unbuffered channel and has the worker select
// between its send and the context.
//
// Fixed: the caller's deferred cancel closes Done when it returns, so a
// worker whose caller has gone takes that case and drops its result.
// Clean under every detector.
func SelectContext(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan result)
	go func() {
		v, err := work(ctx)
		select {
		case done <- result{v, err}:
		case <-ctx.Done(): // the caller has gone
		}
	}()
	select {
	case r := <-done:
		return r.value, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

type result struct {
	value int
	err   error
}
