// Package lockstest holds the workloads that drive the locks package's
// variants, for its own tests and the catalog's. Each takes the variant
// as an argument, so that a broken variant and its fix run exactly the
// same code, and returns an error when the lesson's invariant does not
// hold. Where an interleaving must happen on every run, a workload holds
// a variant's goroutine in the window its lesson marks (internal/window),
// and waits for what no channel can signal, a goroutine blocked in a
// Lock or a Wait, by reading the goroutine dump (blocked.go).
package lockstest

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/racelab/racelab/internal/window"
	"github.com/racelab/racelab/locks"
)

// The workloads of the mutex lessons.

// A Ledger is what Relock and LockedHelper implement.
type Ledger interface {
	Deposit(n int) int
	Balance() int
}

// Deposits has workers goroutines deposit 1, n times each, and returns an
// error if the final balance is not workers*n.
func Deposits(l Ledger, workers, n int) error {
	together(n, slices.Repeat([]func(){func() { l.Deposit(1) }}, workers)...)
	if got, want := l.Balance(), workers*n; got != want {
		return fmt.Errorf("%T.Balance() = %d after %d deposits of 1, want %d", l, got, want, want)
	}
	return nil
}

// A Registry is what NestedRLock and OneRLock implement.
type Registry interface {
	Get(k string) (v, n int)
	Len() int
	Set(k string, v int)
}

// WriterBetweenRLocks calls Get while a writer waits: once Get holds the
// read lock (in its window), it starts a Set in another goroutine and
// waits until that Set is blocked inside RWMutex.Lock, so whatever Get
// does next, it does with a writer waiting, on every run. It returns an
// error if Get did not see the registry as it was before the Set, or if
// the Set was lost, or if r has no window to hold Get in.
func WriterBetweenRLocks(r Registry) error {
	r.Set("a", 1)
	var wg sync.WaitGroup
	if !window.Set(r, func() {
		wg.Go(func() { r.Set("b", 2) })
		for !parked("sync.RWMutex.Lock", ").Set(") {
			runtime.Gosched()
		}
	}) {
		return fmt.Errorf("%T has no window to hold Get in", r)
	}
	v, n := r.Get("a")
	wg.Wait()
	if v != 1 || n != 1 {
		return fmt.Errorf("%T.Get(%q) = %d, %d with a writer waiting, want 1, 1", r, "a", v, n)
	}
	if n := r.Len(); n != 2 {
		return fmt.Errorf("%T.Len() = %d after the writer's Set, want 2", r, n)
	}
	return nil
}

// parked reports whether some goroutine is blocked in state (a wait
// reason as a goroutine dump prints it, such as "sync.RWMutex.Lock") with
// every one of frames on its stack. See blocked.
func parked(state string, frames ...string) bool { return blocked([]string{state}, frames...) > 0 }

// A Cache is what WriteUnderRLock and WriteUnderLock implement.
type Cache interface {
	Get(k string) int
	Put(k string, v int)
	Recent() string
}

// ReadersAtOnce has two goroutines Get a key each, and makes the two Gets
// overlap wherever the lock lets them: each Get, once it holds the lock
// (in its window), waits until the other Get holds it too, or is blocked
// waiting for it.
// Under a read lock both Gets are then inside at once, on every run;
// under the write lock they take turns, and while the other waits, the
// Get that holds the lock has a third goroutine call Recent (see
// recentWhileHeld). It returns an error if a Get returns a wrong value or
// Recent names a key nobody read, or if c has no window to hold a Get in.
//
// It makes the two Gets overlap twice. Two writes under a read lock, in
// two Gets inside it at once, went unreported by the race detector in 5
// of 10,000 overlaps at GOMAXPROCS=2, run in one process, and in 7 of
// 3,500 proofs of WriteUnderRLock, a process each. With a second overlap
// in the same run: none in 10,000 runs in one process, and none in 1,200
// proofs.
func ReadersAtOnce(c Cache) error {
	for range 2 {
		if err := readersAtOnce(c); err != nil {
			return err
		}
	}
	return nil
}

// readersAtOnce makes the two Gets overlap once.
func readersAtOnce(c Cache) error {
	want := map[string]int{"a": 1, "b": 2}
	for k, v := range want {
		c.Put(k, v)
	}
	inside := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
	var entered atomic.Int32
	recent := make(chan string) // what the third goroutine's Recent returned
	recentCalled := false
	if !window.Set(c, func() {
		i := entered.Add(1) - 1
		close(inside[i])
		for {
			select {
			case <-inside[1-i]:
				return // both Gets hold the lock
			default:
			}
			// A second writer waits for the first on RWMutex's inner Mutex.
			if parked("sync.Mutex.Lock", "sync.(*RWMutex).Lock(", ").Get(") {
				// The other Get waits for this one's lock: so must a reader.
				recentCalled = true
				recentWhileHeld(c, recent)
				return
			}
			runtime.Gosched()
		}
	}) {
		return fmt.Errorf("%T has no window to hold Get in", c)
	}
	errs := make(chan error, len(want))
	var wg sync.WaitGroup
	for k, v := range want {
		wg.Go(func() {
			if got := c.Get(k); got != v {
				errs <- fmt.Errorf("%T.Get(%q) = %d, want %d", c, k, got, v)
			}
		})
	}
	wg.Wait()
	close(errs)
	if recentCalled {
		if k := <-recent; want[k] == 0 {
			return fmt.Errorf("%T.Recent() = %q with a Get holding the lock, want a key that was read", c, k)
		}
	}
	if err := <-errs; err != nil {
		return err
	}
	if k := c.Recent(); want[k] == 0 {
		return fmt.Errorf("%T.Recent() = %q, want a key that was read", c, k)
	}
	return nil
}

// recentWhileHeld, called by a Get that holds the lock, before that Get
// writes recent, calls Recent in another goroutine and waits until that
// Recent is blocked waiting for the read lock, or has returned (and waits
// to send what it read). Only a goroutine dump tells it so: no channel or
// atomic orders Recent's read of recent before the Get's write, so that
// the race detector sees the two ordered only if the lock orders them.
func recentWhileHeld(c Cache, recent chan<- string) {
	go readRecent(c, recent)
	for blocked([]string{"sync.RWMutex.RLock", "chan send"}, "lockstest.readRecent(") == 0 {
		runtime.Gosched()
	}
}

// readRecent calls Recent and sends what it returns; its name marks it in
// goroutine dumps.
func readRecent(c Cache, recent chan<- string) { recent <- c.Recent() }

// A Transfer moves n from one account to another: TransferInCallOrder or
// TransferByID.
type Transfer func(from, to *locks.Account, n int)

// TransferBothWays moves 10 from account 1 to account 2 in one goroutine
// and 5 back in another, rounds times each. The two take turns through
// channels, so their transfers never overlap: a run that cannot deadlock,
// whatever the lock order. It returns an error if money was lost or made.
func TransferBothWays(transfer Transfer, rounds int) error {
	a, b := locks.NewAccount(1, 100), locks.NewAccount(2, 100)
	turn := [2]chan struct{}{make(chan struct{}, 1), make(chan struct{}, 1)}
	turn[0] <- struct{}{}
	var wg sync.WaitGroup
	for i, m := range bothWays(a, b) {
		wg.Go(func() {
			for range rounds {
				<-turn[i]
				transfer(m.from, m.to, m.n)
				turn[1-i] <- struct{}{} // the other direction's turn
			}
		})
	}
	wg.Wait()
	return checkBalances(a, b, rounds)
}

// TransferConcurrently is TransferBothWays without the turns: both
// directions run at once, as two requests of a server would. Only a
// transfer with one global lock order finishes on every run.
func TransferConcurrently(transfer Transfer, rounds int) error {
	a, b := locks.NewAccount(1, 100), locks.NewAccount(2, 100)
	var legs []func()
	for _, m := range bothWays(a, b) {
		legs = append(legs, func() { transfer(m.from, m.to, m.n) })
	}
	together(rounds, legs...)
	return checkBalances(a, b, rounds)
}

// TransfersIntoHeld moves 10 from account 1 and 10 from account 2 into
// account 3, at once, while a statement holds account 3's lock: it reads
// account 3's Balance, and in Balance's window, with the lock held,
// starts both transfers and waits until each has returned or is blocked
// in a Lock; then Balance reads the balance. The two transfers lock
// different first accounts, so only account 3's own lock can keep them
// off its balance while the statement reads it. It returns an error if
// the balance moved while its lock was held, or if money was lost or
// made.
func TransfersIntoHeld(transfer Transfer) error {
	a, b, into := locks.NewAccount(1, 100), locks.NewAccount(2, 100), locks.NewAccount(3, 100)
	paid := make(chan struct{})
	window.Set(into, func() { // a statement of account 3 holds its lock
		for _, from := range []*locks.Account{a, b} {
			go payInto(transfer, from, into, paid)
		}
		// Each transfer waits for a lock, or has paid and waits to say so.
		for blocked([]string{"sync.Mutex.Lock", "chan send"}, "lockstest.payInto(") < 2 {
			runtime.Gosched()
		}
	})
	held := into.Balance() // no transfer into the account may touch it meanwhile
	window.Set(into, nil)
	<-paid
	<-paid
	if held != 100 {
		return fmt.Errorf("account 3's balance went from 100 to %d while a statement held its lock", held)
	}
	if ga, gb, gi := a.Balance(), b.Balance(), into.Balance(); ga != 90 || gb != 90 || gi != 120 {
		return fmt.Errorf("balances after 10 from accounts 1 and 2 into 3: got %d, %d and %d, want 90, 90 and 120", ga, gb, gi)
	}
	return nil
}

// payInto is one transfer of TransfersIntoHeld; its name marks it in
// goroutine dumps. Nothing tells the statement that the transfer has
// returned but the dump: no channel or atomic orders the transfer's
// writes before the statement's read, so that the race detector sees the
// two ordered only if account 3's lock orders them.
func payInto(transfer Transfer, from, to *locks.Account, paid chan<- struct{}) {
	transfer(from, to, 10)
	paid <- struct{}{}
}

// together calls each of fns n times, each in a goroutine of its own, and
// returns once all have finished. A start barrier releases the goroutines
// at once, so they overlap as much as the scheduler allows.
func together(n int, fns ...func()) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, f := range fns {
		wg.Go(func() {
			<-start
			for range n {
				f()
			}
		})
	}
	close(start)
	wg.Wait()
}

// A transferLeg is one direction of the transfer workloads.
type transferLeg struct {
	from, to *locks.Account
	n        int
}

// bothWays are the two directions: 10 from a to b, and 5 back.
func bothWays(a, b *locks.Account) [2]transferLeg { return [2]transferLeg{{a, b, 10}, {b, a, 5}} }

func checkBalances(a, b *locks.Account, rounds int) error {
	if ga, gb, wa, wb := a.Balance(), b.Balance(), 100-5*rounds, 100+5*rounds; ga != wa || gb != wb {
		return fmt.Errorf("balances after %d rounds of transfers both ways: got %d and %d, want %d and %d", rounds, ga, gb, wa, wb)
	}
	return nil
}

// A Wallet is what EarlyReturn and DeferUnlock implement.
type Wallet interface {
	Deposit(n int)
	Withdraw(n int) error
}

// WithdrawAfterShortfall deposits 100, then withdraws 150 (too much: it
// must fail), 60, and 60 again (too much again). Each withdrawal runs in a
// new goroutine once the one before has returned, as successive requests
// of a server would. It returns an error if a withdrawal's result is
// wrong.
func WithdrawAfterShortfall(w Wallet) error {
	w.Deposit(100)
	for _, c := range []struct {
		n    int
		want error
	}{{150, locks.ErrInsufficientFunds}, {60, nil}, {60, locks.ErrInsufficientFunds}} {
		res := make(chan error)
		go func() { res <- w.Withdraw(c.n) }()
		if err := <-res; !errors.Is(err, c.want) {
			return fmt.Errorf("%T.Withdraw(%d) = %v, want %v", w, c.n, err, c.want)
		}
	}
	return nil
}

// A Gauge is what PointerReceiver implements (and what CopyValue, which
// go vet rejects, would implement).
type Gauge interface {
	Add(d int)
	Value() int
}

// AddConcurrently has workers goroutines Add 1, n times each, and returns
// an error if the gauge's value is not workers*n.
func AddConcurrently(g Gauge, workers, n int) error {
	together(n, slices.Repeat([]func(){func() { g.Add(1) }}, workers)...)
	if got, want := g.Value(), workers*n; got != want {
		return fmt.Errorf("%T.Value() = %d after %d Adds of 1, want %d", g, got, want, want)
	}
	return nil
}
