package locks

import "sync"

// An Account is a balance with its own lock and a unique ID. Transfers
// between two accounts must hold both locks, so they can be taken in
// either order: the lesson.
type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// NewAccount returns an account with the given ID and balance.
func NewAccount(id, balance int) *Account { return &Account{ID: id, balance: balance} }

// Balance returns a's balance.
func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	// a transfer into a may arrive here: it must wait for the lock
	return a.balance
}

// TransferInCallOrder moves n from one account to the other, locking the
// accounts in the order its caller names them.
//
// Broken: Transfer(a, b) holds a and waits for b while Transfer(b, a)
// holds b and waits for a: each waits for the other forever (AB-BA).
// It hangs only when the two calls overlap, so tests usually pass.
// go-deadlock remembers that a was locked before b and reports LockOrder
// when it sees b locked before a, on a run that never deadlocks.
func TransferInCallOrder(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // second lock: its order is the caller's
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// TransferByID is TransferInCallOrder that always locks the account with
// the lower ID first, whichever way the money moves. IDs must be unique.
//
// Fixed: every goroutine takes the locks in one global order, so none can
// hold the second lock while waiting for the first: no cycle, no
// deadlock, whatever the callers do. Clean under every detector.
func TransferByID(from, to *Account, n int) {
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock() // always the higher ID second
	defer second.mu.Unlock()
	from.balance -= n
	to.balance += n
}
