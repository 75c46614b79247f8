package lockstest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// The workloads of the signalling lessons (semaphore, event, condition).

// A Limiter runs jobs, at most a fixed number at once: what Unbounded,
// ReleaseOnSuccess, DeferRelease and Weighted implement.
type Limiter interface {
	Do(ctx context.Context, job func() error) error
}

// What the failing jobs of Throttle return, and its panicking jobs panic
// with.
var (
	errSemJob   = errors.New("job failed")
	errSemPanic = errors.New("job panicked")
)

// Throttle checks l, built to run at most limit jobs at once, in four
// steps. First limit+1 callers arrive together, and each job waits at a
// barrier until limit+1 jobs are in flight, or limit are and the last
// caller is waiting for a permit: whichever the semaphore allows, on every
// run. Then limit jobs fail one after another, and one more caller must
// still get a permit; then limit jobs panic, each caller recovers, and one
// more caller must again get a permit. Last, while limit jobs hold every
// permit, a caller whose context is cancelled must give up. It returns an
// error if more than limit jobs ran at once, if a caller was left waiting
// for a permit after the failures or the panics (it is left there: a
// leaked goroutine), or if the cancelled caller waited or ran its job.
func Throttle(l Limiter, limit int) error {
	if err := semOverload(l, limit); err != nil {
		return err
	}
	for range limit {
		if err := l.Do(context.Background(), func() error { return errSemJob }); !errors.Is(err, errSemJob) {
			return fmt.Errorf("%T.Do(failing job) = %v, want %v", l, err, errSemJob)
		}
	}
	if err := semServed(l, fmt.Sprintf("%d failed jobs returned", limit)); err != nil {
		return err
	}
	for range limit {
		if v := semPanic(l); v != errSemPanic {
			return fmt.Errorf("%T.Do(panicking job): the caller recovered %v, want %v", l, v, errSemPanic)
		}
	}
	if err := semServed(l, fmt.Sprintf("%d jobs panicked", limit)); err != nil {
		return err
	}
	return semCancelled(l, limit)
}

// semOverload is Throttle's first step.
func semOverload(l Limiter, limit int) error {
	var inFlight, most atomic.Int64
	release := make(chan struct{})
	job := func() error {
		n := inFlight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		inFlight.Add(-1)
		return nil
	}
	var wg sync.WaitGroup
	for range limit + 1 {
		wg.Go(func() { semCall(context.Background(), l, job, nil) })
	}
	for int(inFlight.Load())+signalParked("semCall", "select", "chan send") < limit+1 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := most.Load(); n > int64(limit) {
		return fmt.Errorf("%T.Do: got %d jobs in flight at once, want at most %d", l, n, limit)
	}
	return nil
}

// semServed has one more caller run a job, once no job is in flight, and
// returns an error if that caller waits for a permit: the permits leaked
// after what happened.
func semServed(l Limiter, after string) error {
	var done atomic.Bool
	go semCall(context.Background(), l, func() error { return nil }, &done)
	if signalStuck(done.Load, "semCall", "select", "chan send") {
		return fmt.Errorf("%T.Do: a caller still waits for a permit after %s: permits leaked", l, after)
	}
	return nil
}

// semPanic has l run a job that panics, and returns what its caller
// recovered: the caller goes on, as a server goes on after a handler's
// panic.
func semPanic(l Limiter) (recovered any) {
	defer func() { recovered = recover() }()
	_ = l.Do(context.Background(), func() error { panic(errSemPanic) })
	return nil
}

// semCancelled is Throttle's last step: limit jobs take every permit and
// wait, and a caller whose context is already cancelled arrives. It must
// give up at once with the context's error: nothing it could wait for
// will come in time. The jobs are then let go.
func semCancelled(l Limiter, limit int) error {
	var held atomic.Int64
	release := make(chan struct{})
	hold := func() error { held.Add(1); <-release; return nil }
	var wg sync.WaitGroup
	for range limit {
		wg.Go(func() { semCall(context.Background(), l, hold, nil) })
	}
	for held.Load() < int64(limit) {
		runtime.Gosched()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran, done atomic.Bool
	var err error
	wg.Go(func() { err = semCall(ctx, l, func() error { ran.Store(true); return nil }, &done) })
	stuck := signalStuck(done.Load, "semCall", "select", "chan send")
	close(release)
	wg.Wait()
	switch {
	case stuck:
		return fmt.Errorf("%T.Do: a caller whose ctx was cancelled waited for a permit while %d jobs held them all, want it to give up", l, limit)
	case ran.Load():
		return fmt.Errorf("%T.Do(cancelled ctx) ran its job, want it to give up", l)
	case !errors.Is(err, context.Canceled):
		return fmt.Errorf("%T.Do(cancelled ctx) = %v with every permit held, want %v", l, err, context.Canceled)
	}
	return nil
}

// semCall is one caller of l; its name marks it in goroutine dumps. It
// sets done, if any, when Do returns, and returns what Do returned.
func semCall(ctx context.Context, l Limiter, job func() error, done *atomic.Bool) error {
	err := l.Do(ctx, job)
	if done != nil {
		done.Store(true)
	}
	return err
}

// An Event is Python's threading.Event: Wait blocks until Set has been
// called; Set may be called more than once. FlagEvent, CloseEvent,
// OnceEvent and ContextEvent implement it.
type Event interface {
	Set()
	Wait()
}

// Announce has two goroutines wait for e while a third writes a message
// and sets e, as a worker announces that it is ready; once all three have
// returned, it sets e again, as a shutdown path would. It returns an
// error if a waiter did not see the message.
//
// The setter writes only once both waiters are inside Wait, so on every
// run Set happens while they wait, as it does in the programs the lesson
// is about. For FlagEvent that order makes the race detector report the
// race at Set's store, against loads the polling waiters keep making,
// before any waiter can read the message: otherwise, on a rare run where
// the setter finishes before a waiter starts, the detector may first
// report the message, a symptom, rather than the event that failed to
// order it.
func Announce(e Event) error {
	var msg string
	seen := make([]string, 2)
	var wg sync.WaitGroup
	for i := range seen {
		wg.Go(func() { seen[i] = announceWait(e, &msg) })
	}
	wg.Go(func() {
		for inside("lockstest.announceWait(", ").Wait(") < len(seen) {
			runtime.Gosched()
		}
		msg = "ready"
		e.Set()
	})
	wg.Wait()
	e.Set() // the second Set
	for i, s := range seen {
		if s != "ready" {
			return fmt.Errorf("%T: waiter %d read %q after Wait, want %q", e, i, s, "ready")
		}
	}
	return nil
}

// announceWait is one waiter of Announce; its name marks it in goroutine
// dumps. It returns the message it reads once e is set.
func announceWait(e Event, msg *string) string {
	e.Wait()
	return *msg
}

// A CondQueue hands ints from producers to consumers; Get reports false
// once the queue is closed and empty. WaitInIf, WaitUnlocked,
// SignalOnClose and WaitLoop implement it.
type CondQueue interface {
	Put(v int)
	Get() (int, bool)
	Close()
}

// CondHandoff starts two consumers and waits until both are inside
// cond.Wait; then it puts one item, waits until both are inside Wait
// again (one has taken the item, the other has nothing to do), and closes
// the queue. The forced order makes each broken variant fail on every
// run. It returns an error if the consumers did not get exactly the one
// item, or if a consumer still waits after Close (it is left there: a
// leaked goroutine).
func CondHandoff(q CondQueue) error {
	got := make(chan int, 2)
	var wg sync.WaitGroup
	var exited atomic.Int32
	for range 2 {
		wg.Go(func() {
			defer exited.Add(1)
			condConsume(q, got)
		})
	}
	condUntilWaiting(2)
	q.Put(1)
	if v := <-got; v != 1 {
		return fmt.Errorf("%T.Get() = %d, want 1", q, v)
	}
	condUntilWaiting(2)
	q.Close()
	if signalStuck(func() bool { return exited.Load() == 2 }, "condConsume", "sync.Cond.Wait") {
		return fmt.Errorf("%T: a consumer still waits in Get after Close returned: a lost wakeup", q)
	}
	wg.Wait()
	if len(got) != 0 {
		return fmt.Errorf("%T: consumers got %d items, want 1", q, 1+len(got))
	}
	return nil
}

// condConsume is one consumer; its name marks it in goroutine dumps.
func condConsume(q CondQueue, got chan<- int) {
	for {
		v, ok := q.Get()
		if !ok {
			return
		}
		got <- v
	}
}

// condUntilWaiting returns once n consumers are inside cond.Wait.
func condUntilWaiting(n int) {
	for signalParked("condConsume", "sync.Cond.Wait") < n {
		runtime.Gosched()
	}
}

// signalStuck polls until done reports true, and returns false, or until
// a goroutine with frame on its stack is blocked in one of states, and
// returns true. It is the barrier for what no channel can signal: that a
// goroutine is not just slow but waiting for a wakeup that will not come.
// Call it once nothing is left that could wake the goroutine.
func signalStuck(done func() bool, frame string, states ...string) bool {
	for {
		if done() {
			return false
		}
		if signalParked(frame, states...) > 0 {
			return true
		}
		runtime.Gosched()
	}
}

// signalParked counts the goroutines blocked in one of states with
// "lockstest."+frame+"(" on their stack. See blocked.
func signalParked(frame string, states ...string) int {
	return blocked(states, "lockstest."+frame+"(")
}
