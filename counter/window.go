package counter

import (
	"sync/atomic"

	"github.com/racelab/racelab/internal/window"
)

// A word is the atomic.Int64 the atomic counters keep their count in,
// with one thing added for the tests: its Load ends in a window, where
// the workload Interleave (internal/countertest) can hold the Inc that
// loaded while other Incs run. A counter that loads and then writes what
// it loaded (a Store, a CompareAndSwap) has a gap there, which the window
// makes certain to be hit; Add is one operation, with no Load and no gap.
// The zero word, window nil, is an atomic.Int64.
type word struct {
	atomic.Int64
	window func()
}

// Load loads the count, then runs the window, if any: the moment before
// whatever the caller writes next.
func (w *word) Load() int64 {
	v := w.Int64.Load()
	if w.window != nil {
		w.window()
	}
	return v
}

// setWindow sets the window of every word a counter keeps its count in.
func (c *LoadStore) setWindow(f func()) { c.n.window = f }
func (c *CAS) setWindow(f func())       { c.n.window = f }
func (c *Atomic) setWindow(f func())    { c.n.window = f }
func (c *Sharded) setWindow(f func()) {
	for i := range c.shards {
		c.shards[i].n.window = f
	}
}

// The tests set a counter's windows through internal/window.
func init() {
	window.Register(func(v any, f func()) bool {
		c, ok := v.(interface{ setWindow(func()) })
		if ok {
			c.setWindow(f)
		}
		return ok
	})
}
