package counter

import "math/rand/v2"

// One-line mutations of the fixes, which the fixes' own proofs must flag:
// each proof's Twin runs its workload on one of these (see
// TestNoLostAtomic and TestNoLostSharded). Each embeds the fix, so it
// keeps the fix's fields and Value, and splits the fix's Add into the
// Load and the Store of LoadStore, with LoadStore's mark between them.

// AtomicLoadStore is Atomic with its Add split into a Load and a Store.
type AtomicLoadStore struct{ Atomic }

func (c *AtomicLoadStore) Inc() {
	v := c.n.Load() // mutated: c.n.Add(1)
	// another Inc may run here: its update is overwritten by the Store
	c.n.Store(v + 1)
}

// ShardedLoadStore is Sharded with its Add split into a Load and a Store.
type ShardedLoadStore struct{ Sharded }

func (c *ShardedLoadStore) Inc() {
	n := &c.shards[rand.Uint32()%uint32(len(c.shards))].n
	v := n.Load() // mutated: n.Add(1)
	// another Inc may run here: its update is overwritten by the Store
	n.Store(v + 1)
}
