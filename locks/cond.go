package locks

import (
	"sync"
)

// condQueue is the state and the producer side every Cond variant shares:
// Python's `with cond: items.append(v); cond.notify_all()`. Put and Close
// change the state under mu, then Broadcast, which wakes every goroutine
// waiting in cond.Wait.
type condQueue struct {
	mu     sync.Mutex
	cond   sync.Cond // cond.L is &mu
	items  []int
	closed bool
}

func (q *condQueue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *condQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// take removes the first item; mu is held and the queue is not empty.
func (q *condQueue) take() int {
	v := q.items[0] // index out of range if the queue is empty
	q.items = q.items[1:]
	return v
}

// WaitInIf is a queue whose Get waits once, in an if, for an item.
//
// Broken: Wait returning says only that someone called Broadcast or
// Signal, not that the predicate holds. Put broadcasts one item to two waiting consumers;
// the first to relock takes it, and the second, which does not check
// again, takes from an empty queue: "index out of range". Python's
// `if not items: cond.wait()` has the same bug. The runtime reports the
// panic; the race detector and go-deadlock see nothing wrong.
type WaitInIf struct{ condQueue }

func (q *WaitInIf) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 { // if, not for: checked once, before Wait
		if q.closed {
			return 0, false
		}
		q.cond.Wait()
	}
	return q.take(), true
}

// WaitUnlocked is a queue whose Get unlocks mu before it waits, "so as
// not to sleep holding the lock".
//
// Broken: Wait unlocks L itself, and relocks it before it returns, so it
// must be called with L held. Called without it, Wait unlocks a mutex
// that is not locked: the runtime stops the program with "fatal error:
// sync: unlock of unlocked mutex", a crash no recover can catch. Python's
// cond.wait() without `with cond:` raises RuntimeError instead.
type WaitUnlocked struct{ condQueue }

func (q *WaitUnlocked) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		if q.closed {
			return 0, false
		}
		q.mu.Unlock()
		q.cond.Wait() // Wait unlocks mu, which is not locked
		q.mu.Lock()
	}
	return q.take(), true
}

// SignalOnClose is a queue whose Close calls Signal, which wakes one
// waiting goroutine, where every waiting consumer must learn of it.
//
// Broken: with two consumers waiting, Close wakes one, which returns; the
// other sleeps in Wait forever, since nothing will call Signal or
// Broadcast again: a lost wakeup. goleak reports the sleeping consumer, a
// synctest bubble reports it as Blocked, and the invariant sees a
// consumer that never returned; the race detector and go-deadlock are
// silent. Signal is right only when any one waiter can consume the change
// and every waiter waits for the same predicate.
type SignalOnClose struct{ condQueue }

func (q *SignalOnClose) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal() // wakes one waiter; the others sleep on
}

func (q *SignalOnClose) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		if q.closed {
			return 0, false
		}
		q.cond.Wait()
	}
	return q.take(), true
}

// WaitLoop is the queue done right: Wait with mu held, in a for loop that
// checks the predicate again on every wakeup, and Broadcast for every
// change (condQueue's Put and Close).
//
// Fixed: a consumer woken for an item another took waits again, Close
// wakes every consumer, and Wait always finds mu locked. Clean under every
// detector, in a synctest bubble too. Prefer a channel where it fits: a
// buffered channel is this queue, and close(ch) is Close, with no lock to
// forget. Reach for sync.Cond when waiters wait for a predicate over
// state a mutex already guards, which no single channel expresses.
type WaitLoop struct{ condQueue }

func (q *WaitLoop) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 { // checked again after every wakeup
		if q.closed {
			return 0, false
		}
		q.cond.Wait()
	}
	return q.take(), true
}

// NewWaitInIf, NewWaitUnlocked, NewSignalOnClose and NewWaitLoop return
// empty, open queues.
func NewWaitInIf() *WaitInIf           { q := new(WaitInIf); q.cond.L = &q.mu; return q }
func NewWaitUnlocked() *WaitUnlocked   { q := new(WaitUnlocked); q.cond.L = &q.mu; return q }
func NewSignalOnClose() *SignalOnClose { q := new(SignalOnClose); q.cond.L = &q.mu; return q }
func NewWaitLoop() *WaitLoop           { q := new(WaitLoop); q.cond.L = &q.mu; return q }
