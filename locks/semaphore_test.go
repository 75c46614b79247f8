package locks_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// semLimit is the bound every semaphore variant is built with.
const semLimit = 2

// throttle is the workload Throttle on a limiter that newL builds with a
// bound of semLimit. It is built inside the run: a synctest bubble sees
// only the channels made inside it.
func throttle[L lockstest.Limiter](newL func(n int) L) func() error {
	return func() error { return lockstest.Throttle(newL(semLimit), semLimit) }
}

// chanSem makes a channel semaphore of n permits.
func chanSem[S ~chan struct{}](n int) S { return make(S, n) }

func TestLostUnbounded(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "locks.Unbounded.Do: got 3 jobs in flight", throttle(func(int) locks.Unbounded { return locks.Unbounded{} }))
}

// After semLimit failed jobs every permit is gone: the next caller blocks
// in ReleaseOnSuccess.Do's send, and Throttle returns without it.
func TestBlockedReleaseOnSuccess(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "locks.ReleaseOnSuccess.Do", throttle(chanSem[locks.ReleaseOnSuccess]))
}

func TestLeakReleaseOnSuccess(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "locks.ReleaseOnSuccess.Do", throttle(chanSem[locks.ReleaseOnSuccess]))
}

func TestNoBlockedDeferRelease(t *testing.T) {
	conctest.ProveClean(t, throttle(chanSem[locks.DeferRelease]), conctest.Bubble(), releaseOnSuccessTwin)
}

func TestNoBlockedWeighted(t *testing.T) {
	conctest.ProveClean(t, throttle(locks.NewWeighted), conctest.Bubble(), releaseOnSuccessTwin)
}

// releaseOnSuccessTwin is what both fixes fix: the permit kept by a job
// that fails.
var releaseOnSuccessTwin = conctest.Twin(conctest.Blocked, "locks.ReleaseOnSuccess.Do", throttle(chanSem[locks.ReleaseOnSuccess]))

func ExampleDeferRelease() {
	sem := make(locks.DeferRelease, 2) // at most two jobs at once
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			errs[i] = sem.Do(context.Background(), func() error {
				if i%2 == 1 {
					return fmt.Errorf("job %d failed", i)
				}
				return nil
			})
		})
	}
	wg.Wait()
	fmt.Println(errors.Join(errs...))
	// Output:
	// job 1 failed
	// job 3 failed
}

func ExampleWeighted() {
	sem := locks.NewWeighted(1)
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- sem.Do(context.Background(), func() error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // this caller gives up rather than wait for the permit
	fmt.Println(sem.Do(ctx, func() error { return nil }))
	close(release)
	fmt.Println(<-done)
	// Output:
	// context canceled
	// <nil>
}
