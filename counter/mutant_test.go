package counter

import "math/rand/v2"

// One-line mutations of the fixes, which the fixes' own proofs must flag:
// each proof's Twin runs its workload on one of these (see
// TestNoLostAtomic and TestNoLostSharded). Each embeds the fix, so it
// keeps the fix's fields and Value and differs from it in one line.

// AtomicLoadStore is Atomic with its Add split into a Load and a Store.
type AtomicLoadStore struct{ Atomic }

func (c *AtomicLoadStore) Inc() { c.n.Store(c.n.Load() + 1) } // mutated: c.n.Add(1)

// ShardedLoadStore is Sharded with its Add split into a Load and a Store.
type ShardedLoadStore struct{ Sharded }

func (c *ShardedLoadStore) Inc() {
	n := &c.shards[rand.Uint32()%uint32(len(c.shards))].n
	n.Store(n.Load() + 1) // mutated: n.Add(1)
}
