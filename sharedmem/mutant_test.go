package sharedmem

import (
	"sync"
	"testing"
)

// One-line mutations of the fixes, which the fixes' own proofs must flag:
// each proof's Twin runs its workload on one of these (see
// TestNoLostAtomic), and the worker processes find them by name.
var _ = func() bool {
	for _, v := range []any{AtomicLoadStore{}} {
		variants[name(v)] = v
	}
	return true
}()

// AtomicLoadStore is Atomic with its Add split into a Load and a Store.
type AtomicLoadStore struct{}

func (AtomicLoadStore) Inc(p *Proc) error {
	p.atomicWord(total).Store(p.atomicWord(total).Load() + 1) // mutated: p.atomicWord(total).Add(1)
	return nil
}

// GoroutineGlobalNoWait is GoroutineGlobal without its Wait.
type GoroutineGlobalNoWait struct{}

func (GoroutineGlobalNoWait) Visit() error {
	var wg sync.WaitGroup
	wg.Go(visit) // mutated: wg.Wait() below deleted
	return nil
}

// Unguarded takes send's guard away until t ends, as deleting it from
// send would.
func Unguarded(t testing.TB) {
	prev := guard
	guard = func(any) error { return nil }
	t.Cleanup(func() { guard = prev })
}
