package locks

import (
	"errors"

	"sync"
)

// ErrInsufficientFunds is returned by a Withdraw of more than the balance.
var ErrInsufficientFunds = errors.New("insufficient funds")

// EarlyReturn is a wallet whose Withdraw unlocks at the end of its happy
// path, and returns early, still holding the lock, when funds are short.
//
// Broken: the first withdrawal that fails leaves mu locked, and the next
// caller, in any goroutine, waits forever. Nothing crashes: the error is
// returned and handled, and only later does everything stop. go-deadlock
// reports LockTimeout once the next caller has waited, naming the Lock
// that was never undone; the watchdog sees the hang.
type EarlyReturn struct {
	mu      sync.Mutex
	balance int
}

func (w *EarlyReturn) Withdraw(n int) error {
	w.mu.Lock()
	if n > w.balance {
		return ErrInsufficientFunds // returns with mu still locked
	}
	w.balance -= n
	w.mu.Unlock()
	return nil
}

func (w *EarlyReturn) Deposit(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.balance += n
}

// DeferUnlock is EarlyReturn with the Unlock deferred right after the
// Lock, Python's `with lock:`.
//
// Fixed: the deferred Unlock runs on every return, early or late, and
// even on a panic, so no path leaves mu locked. Clean under every
// detector.
type DeferUnlock struct {
	mu      sync.Mutex
	balance int
}

func (w *DeferUnlock) Withdraw(n int) error {
	w.mu.Lock()
	defer w.mu.Unlock() // on every return
	if n > w.balance {
		return ErrInsufficientFunds
	}
	w.balance -= n
	return nil
}

func (w *DeferUnlock) Deposit(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.balance += n
}
