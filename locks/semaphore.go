package locks

import (
	"context"

	"golang.org/x/sync/semaphore"
)

// Unbounded runs every job at once, the Go form of Python's "start a
// thread per task" with no Semaphore at all.
//
// Broken: nothing bounds the jobs in flight; limit+1 callers run limit+1
// jobs at once, and a burst of a thousand runs a thousand. Goroutines are
// cheap, but what the jobs hold (connections, files, memory) is not. No
// detector sees it: the race detector, goleak and go-deadlock are all
// silent. Only the invariant, the most jobs ever in flight, reports it.
type Unbounded struct{}

func (Unbounded) Do(ctx context.Context, job func() error) error {
	return job() // no permit: every caller runs at once
}

// ReleaseOnSuccess is a channel semaphore, Python's
// `sem.acquire() ... sem.release()`, that releases its permit at the end
// of the happy path only.
//
// Broken: a job that fails returns with the permit still taken. After
// limit failures every permit is gone, and every later caller blocks in
// the send forever. Nothing crashes: the errors are returned and handled,
// and only later does everything stop. goleak reports the blocked caller,
// a synctest bubble reports it as Blocked, and the invariant sees a
// request that was never served; the race detector and go-deadlock are
// silent (no mutex is involved).
type ReleaseOnSuccess chan struct{}

func (s ReleaseOnSuccess) Do(ctx context.Context, job func() error) error {
	select {
	case s <- struct{}{}: // acquire
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := job(); err != nil {
		return err // returns still holding the permit
	}
	<-s // release
	return nil
}

// DeferRelease is ReleaseOnSuccess with the release deferred right after
// the acquire, Python's `with sem:`.
//
// Fixed: the deferred receive returns the permit on every return, early or
// late, and even on a panic; the buffered channel bounds the jobs in
// flight to its capacity C. By the memory model the kth receive (a
// release) is synchronized before the k+Cth send (the acquire that reuses
// its slot) completes, so a job sees what the job whose permit it took
// did. Clean under every detector.
type DeferRelease chan struct{}

func (s DeferRelease) Do(ctx context.Context, job func() error) error {
	select {
	case s <- struct{}{}: // acquire
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s }() // release on every path
	return job()
}

// Weighted is DeferRelease built on golang.org/x/sync/semaphore.Weighted.
//
// Fixed: Acquire waits for a permit or for ctx to be done, whichever
// comes first, and the deferred Release returns the permit on every path.
// Weighted also serves waiters in order (a large request is not starved
// by small ones) and lets one caller take several permits at once. Clean
// under every detector.
type Weighted struct {
	sem *semaphore.Weighted
}

// NewWeighted returns a Weighted that runs at most n jobs at once.
func NewWeighted(n int) Weighted { return Weighted{semaphore.NewWeighted(int64(n))} }

func (s Weighted) Do(ctx context.Context, job func() error) error {
	if err := s.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer s.sem.Release(1) // release on every path
	return job()
}
