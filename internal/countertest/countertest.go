// Package countertest holds the workloads that drive the counter
// package's variants: its own tests, the catalog's and the demo's. Each
// takes the variant as an argument, so that a broken variant and its fix
// run exactly the same code, and returns an error when the total is
// short.
package countertest

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/racelab/racelab/internal/window"
)

// A Counter is what every variant of the counter package implements.
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

// inside is how many Incs Interleave runs inside another's window. One
// would do for a counter of one word; on a Sharded counter each lands on
// the held Inc's shard with probability 1/8, and all 200 miss it with
// probability (7/8)^200, under 10^-11.
const inside = 200

// Interleave runs one Inc and, if c has a window (the atomic counters'
// words end their Load in one), holds it there, between its Load and
// whatever it writes next, while 200 more Incs run: the interleaving that
// loses updates, made certain instead of lucky. A counter without a
// window runs the first Inc to its end, then the others. It returns an
// error if the total is not 201.
func Interleave(c Counter) error {
	held, released, firstDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var entered atomic.Bool
	windowed := window.Set(c, func() {
		if entered.CompareAndSwap(false, true) { // only the first Load waits
			close(held)
			<-released
		}
	})
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
		window.Set(c, nil) // Value loads too, but is no Inc to hold
	}
	want := int64(1 + inside)
	if got := c.Value(); got != want {
		return fmt.Errorf("%T: got total %d after %d Incs (%d inside the first one's window), want %d: %d updates lost",
			c, got, want, inside, want, want-got)
	}
	return nil
}
