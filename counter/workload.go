package counter

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// A Counter is what every variant implements.
type Counter interface {
	Inc()
	Value() int64
}

// Hammer has workers goroutines call Inc n times each while one more
// goroutine reads Value, as a progress monitor would. It returns an error
// if the final total is not workers*n. It starts every goroutine before
// any of them runs, so they overlap as much as the scheduler allows.
func Hammer(c Counter, workers, n int) error {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			<-start
			for range n {
				c.Inc()
			}
		})
	}
	wg.Go(func() {
		<-start
		_ = c.Value()
	})
	close(start)
	wg.Wait()
	if got, want := c.Value(), int64(workers*n); got != want {
		return fmt.Errorf("%T: got total %d, want %d: %d updates lost", c, got, want, want-got)
	}
	return nil
}

// A word is the atomic.Int64 the atomic counters keep their count in,
// with one thing added for the tests: its Load ends in a window, where
// Interleave can hold the Inc that loaded while other Incs run. A counter
// that loads and then writes what it loaded (a Store, a CompareAndSwap)
// has a gap there, which the window makes certain to be hit; Add is one
// operation, with no Load and no gap. The zero word, window nil, is an
// atomic.Int64.
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

// inside is how many Incs Interleave runs inside another's window. One
// would do for a counter of one word; on a Sharded counter each lands on
// the held Inc's shard with probability 1/8, and all 200 miss it with
// probability (7/8)^200, under 10^-11.
const inside = 200

// Interleave runs one Inc and, if c has a window (see word), holds it
// there, between its Load and whatever it writes next, while 200 more
// Incs run: the interleaving that loses updates, made certain instead of
// lucky. A counter without a window runs the first Inc to its end, then
// the others. It returns an error if the total is not 201.
func Interleave(c Counter) error {
	held, released, firstDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var entered atomic.Bool
	w, windowed := c.(interface{ setWindow(func()) })
	if windowed {
		w.setWindow(func() {
			if entered.CompareAndSwap(false, true) { // only the first Load waits
				close(held)
				<-released
			}
		})
	}
	go func() {
		defer close(firstDone)
		c.Inc()
	}()
	select { // a counter without a window never opens one
	case <-held:
	case <-firstDone:
	}
	for range inside {
		c.Inc()
	}
	close(released)
	<-firstDone
	if windowed {
		w.setWindow(nil) // Value loads too, but is no Inc to hold
	}
	want := int64(1 + inside)
	if got := c.Value(); got != want {
		return fmt.Errorf("%T: got total %d after %d Incs (%d inside the first one's window), want %d: %d updates lost",
			c, got, want, inside, want, want-got)
	}
	return nil
}
