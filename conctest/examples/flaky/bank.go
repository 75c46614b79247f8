package flaky

import (
	"maps"
	"slices"
	"sync"
)

// An Account is a balance behind its own lock.
type Account struct {
	mu      sync.Mutex
	Balance int
}

// A bank moves money between accounts, locking both, and sums every
// balance, locking them all so that the sum is a true snapshot.
type bank struct {
	accounts map[string]*Account
}

func newBank(balances map[string]int) bank {
	b := bank{accounts: map[string]*Account{}}
	for name, n := range balances {
		b.accounts[name] = &Account{Balance: n}
	}
	return b
}

// Transfer locks the payer, then the payee.
func (b *bank) Transfer(from, to string, amount int) {
	src, dst := b.accounts[from], b.accounts[to]
	src.mu.Lock()
	defer src.mu.Unlock()
	dst.mu.Lock()
	defer dst.mu.Unlock()
	src.Balance -= amount
	dst.Balance += amount
}

// MapOrderBank sums the balances locking the accounts as it ranges over
// the map.
//
// Broken: Go randomizes map iteration order, so now and then Total locks
// the payee before the payer, and a Transfer running at that moment
// holds one of the two locks Total wants while it waits for the other:
// AB-BA. go-deadlock reports the inconsistent order whether or not the
// two ever meet.
type MapOrderBank struct{ bank }

func NewMapOrderBank(balances map[string]int) *MapOrderBank {
	return &MapOrderBank{newBank(balances)}
}

func (b *MapOrderBank) Total() int {
	sum := 0
	for _, a := range b.accounts { // random order
		a.mu.Lock()
		defer a.mu.Unlock()
		sum += a.Balance
	}
	return sum
}

// SortedBank locks the accounts by name, in Transfer and in Total.
//
// Fixed: every goroutine takes any two locks in the same order, so none
// can hold one lock while another holds the next. Clean under every
// detector.
type SortedBank struct{ bank }

func NewSortedBank(balances map[string]int) *SortedBank {
	return &SortedBank{newBank(balances)}
}

func (b *SortedBank) Transfer(from, to string, amount int) {
	src, dst := b.accounts[from], b.accounts[to]
	first, second := src, dst
	if to < from {
		first, second = dst, src
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	src.Balance -= amount
	dst.Balance += amount
}

func (b *SortedBank) Total() int {
	sum := 0
	for _, name := range slices.Sorted(maps.Keys(b.accounts)) { // one order for all
		a := b.accounts[name]
		a.mu.Lock()
		defer a.mu.Unlock()
		sum += a.Balance
	}
	return sum
}
