package sharedmem

import (
	"sync"

	"github.com/racelab/racelab/internal/worker"
)

// One-line mutations of the fixes, which the fixes' own proofs must flag:
// each proof's Twin runs its workload on one of these (see
// TestNoLostAtomic), and the worker processes find them by name.
var _ = func() bool {
	worker.Variants(AtomicLoadStore{})
	return true
}()

// AtomicLoadStore is Atomic with its Add split into a Load and a Store.
type AtomicLoadStore struct{}

func (AtomicLoadStore) Inc(p *Proc) error {
	v := p.AtomicWord(total).Load() // mutated: p.AtomicWord(total).Add(1)
	// another process may add here
	p.AtomicWord(total).Store(v + 1)
	return nil
}

// GoroutineGlobalNoWait is GoroutineGlobal without its Wait.
type GoroutineGlobalNoWait struct{}

func (GoroutineGlobalNoWait) Visit() error {
	var wg sync.WaitGroup
	wg.Go(visit) // mutated: wg.Wait() below deleted
	return nil
}
