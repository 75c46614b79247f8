package flaky

import "sync"

// A registry gives each user name one ID, allocated by NewID (a remote
// sequence, say) on the name's first registration.
type registry struct {
	NewID func() int

	mu  sync.Mutex
	ids map[string]int
}

func (r *registry) lookup(name string) (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.ids[name]
	return id, ok
}

func (r *registry) store(name string, id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids == nil {
		r.ids = map[string]int{}
	}
	r.ids[name] = id
}

// CheckThenStore is a registry whose Register looks the name up and
// stores a new ID in two critical sections, "so as not to hold the lock
// during the remote call".
//
// Broken: two registrations of one name can both miss, and both store an
// ID: the callers get different IDs, and the first is lost. It shows only
// when the second comes during the first's NewID. No detector sees it,
// every access is locked; the workload's invariant does.
type CheckThenStore struct{ registry }

func (r *CheckThenStore) Register(name string) int {
	if id, ok := r.lookup(name); ok {
		return id
	}
	id := r.NewID() // another Register of name may be here too
	r.store(name, id)
	return id
}

// StoreFirst is a registry whose Register stores the new ID only if the
// name is still missing, and returns whichever ID won.
//
// Fixed: the check that matters, and the store, are one critical
// section. A losing NewID is wasted, never handed out. Clean under every
// detector.
type StoreFirst struct{ registry }

func (r *StoreFirst) Register(name string) int {
	if id, ok := r.lookup(name); ok {
		return id
	}
	id := r.NewID()
	r.mu.Lock()
	defer r.mu.Unlock()
	if won, ok := r.ids[name]; ok { // checked again, under the same lock as the store
		return won
	}
	if r.ids == nil {
		r.ids = map[string]int{}
	}
	r.ids[name] = id
	return id
}
