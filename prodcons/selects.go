package prodcons

import (
	"context"
	"runtime"
	"time"
)

// Each variant of this lesson runs work in a goroutine and waits for its
// result at most timeout in a select, as the variants of timeout.go do:
// Python's future.result(timeout=...), or asyncio.wait_for.

// NilResult declares its result channel and never makes it.
//
// Broken: a send or receive on a nil channel blocks forever, and a
// select case on one can never be chosen. The worker blocks in its send
// for good, and the caller's select waits on its only other case, the
// timeout: every call fails with context.DeadlineExceeded, however fast
// the work. A nil channel in a select is how a case is switched off on
// purpose; left nil by mistake (its make moved away in a refactor) it
// switches off the result. In a testing/synctest bubble the call times
// out at once on the fake clock and the worker is the goroutine left
// blocked; in a plain run the call waits out its timeout, which the
// watchdog reports, and goleak lists the goroutines.
func NilResult(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var done chan result // nil: its make went with a refactor
	go func() {
		v, err := work(ctx)
		done <- result{v, err} // a send on a nil channel blocks forever
	}()
	select {
	case r := <-done: // never chosen
		return r.value, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// PollResult polls for the result in a loop around a select whose
// default case yields the processor to the worker.
//
// Broken: when neither the result nor the timeout is ready, the default
// case runs at once and the loop selects again: the caller never
// blocks, and Gosched only lets other goroutines run in between, so it
// spins a core for as long as the work takes. The result is right, no
// goroutine is left over and nothing is racy: the race detector, goleak
// and the runtime are silent, and a goroutine that spins is not blocked,
// so a testing/synctest bubble finds nothing either (its fake clock
// just stands still while the caller spins). staticcheck flags an empty
// default in a for+select loop (SA5004, testdata/spinselect), not this
// one. The invariant shows it: the work ends only once the workload has
// looked at the caller's goroutine state in a stack dump, and in every
// look the caller is running, never blocked in its select.
func PollResult(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
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
		default: // nothing ready yet: let the worker run, then select again
			runtime.Gosched()
		}
	}
}

// WaitResult makes its result channel, with room for the one result,
// and waits in a select with no default.
//
// Fixed: the caller blocks, using no CPU, until the result or the
// timeout is ready, and the worker's send completes whether or not the
// caller is still there. Clean under every detector.
func WaitResult(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan result, 1) // made, with room for the one result
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
