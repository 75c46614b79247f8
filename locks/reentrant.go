package locks

import "sync"

// Relock is a ledger whose Deposit, holding mu, returns the new balance by
// calling the exported Balance, which locks mu again: the code a Python
// programmer writes with threading.RLock, which a thread may acquire again.
//
// Broken: a Go mutex is not reentrant and has no owner, so the second Lock
// in Balance waits for Deposit's own Unlock, which never comes: the
// goroutine deadlocks on itself, and every later caller queues behind it.
// go-deadlock reports Recursive at the second Lock, before it blocks (and
// LockTimeout once it has waited); the watchdog sees the hang.
type Relock struct {
	mu      sync.Mutex
	balance int
}

func (l *Relock) Deposit(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.balance += n
	return l.Balance() // locks mu again: blocks forever
}

func (l *Relock) Balance() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.balance
}

// LockedHelper is Relock with the Go idiom instead of a reentrant lock:
// the exported methods lock mu once, at the boundary, and call helpers
// named ...Locked, which assume mu is held and never lock it.
//
// Fixed: no path locks mu twice, because only exported methods lock and
// they never call each other. Clean under every detector.
type LockedHelper struct {
	mu      sync.Mutex
	balance int
}

func (l *LockedHelper) Deposit(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.balance += n
	return l.balanceLocked() // mu is held: use the helper
}

func (l *LockedHelper) Balance() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.balanceLocked()
}

// balanceLocked returns the balance. l.mu must be held.
func (l *LockedHelper) balanceLocked() int { return l.balance }
