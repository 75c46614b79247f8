package counter

import "sync/atomic"

// LoadStore is a counter that uses only atomic operations, but two of
// them: a Load, then a Store of the value plus one.
//
// Broken: each operation is atomic, the pair is not. Another Inc that runs
// between the Load and the Store is overwritten, and its update is lost.
// Atomic operations are synchronizing, so the race detector is silent: a
// blind spot. Only the invariant (the final total) shows the bug, and the
// tests force the interleaving so that it shows on every run.
type LoadStore struct {
	n atomic.Int64
}

func (c *LoadStore) Inc() {
	v := c.n.Load()
	// another Inc may run here: its update is overwritten by the Store
	c.n.Store(v + 1)
}

func (c *LoadStore) Value() int64 { return c.n.Load() }

// CAS is LoadStore with the Store replaced by a CompareAndSwap that fails,
// and retries, when another Inc ran in between.
//
// Fixed: the swap succeeds only if n still holds the value loaded, so no
// update is overwritten; under the forced interleaving the loop retries
// once. Clean under every detector. Prefer [Atomic] when the update is a
// plain add; a CAS loop is for updates Add cannot express.
type CAS struct {
	n atomic.Int64
}

func (c *CAS) Inc() {
	for {
		v := c.n.Load()
		// another Inc may run here: then the swap fails, and the loop retries
		if c.n.CompareAndSwap(v, v+1) {
			return
		}
	}
}

func (c *CAS) Value() int64 { return c.n.Load() }
