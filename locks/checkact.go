package locks

import "sync"

// LoadThenStore is a registry of names, each claimed by one owner:
// Claim looks the name up, and stores it if it is free.
//
// Broken: each call on the sync.Map is safe, the pair is not. Two
// Claims of one name both find it free, both store, and both return
// true: two owners each believe the name is theirs, and the later Store
// wins. sync.Map's operations synchronize, so the race detector is
// silent: a blind spot. Only the invariant (one Claim wins, and its
// owner is the one recorded) shows the bug, and the tests hold the
// first Claim between its Load and its Store so that it shows on every
// run.
type LoadThenStore struct {
	owners sync.Map // name → owner
}

func (r *LoadThenStore) Claim(name, owner string) bool {
	if _, taken := r.owners.Load(name); taken {
		return false
	}
	// another Claim may run here: it finds the name free too
	r.owners.Store(name, owner)
	return true
}

func (r *LoadThenStore) Owner(name string) string {
	v, _ := r.owners.Load(name)
	s, _ := v.(string)
	return s
}

// LoadOrStore is LoadThenStore whose Claim looks up and stores in one
// call, sync.Map's LoadOrStore.
//
// Fixed: LoadOrStore checks and stores as one atomic step, so of two
// Claims of one name exactly one stores and the other loads what it
// stored. Clean under every detector.
type LoadOrStore struct {
	owners sync.Map // name → owner
}

func (r *LoadOrStore) Claim(name, owner string) bool {
	_, taken := r.owners.LoadOrStore(name, owner)
	return !taken
}

func (r *LoadOrStore) Owner(name string) string {
	v, _ := r.owners.Load(name)
	s, _ := v.(string)
	return s
}

// LockedClaim is the registry in a plain map, whose Claim checks and
// stores in one critical section: Python's
// `with lock: if name not in owners: owners[name] = owner`.
//
// Fixed: no other Claim can take the lock between the check and the
// store, so the check still holds when the store runs. Clean under
// every detector. Locking each step on its own, a Load and a Store that
// each lock, is LoadThenStore again.
type LockedClaim struct {
	mu     sync.Mutex
	owners map[string]string
}

func (r *LockedClaim) Claim(name, owner string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, taken := r.owners[name]; taken {
		return false
	}
	if r.owners == nil {
		r.owners = map[string]string{}
	}
	r.owners[name] = owner
	return true
}

func (r *LockedClaim) Owner(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.owners[name]
}
