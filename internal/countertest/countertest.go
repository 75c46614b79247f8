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

// Stats is what PlainFlush and SwapFlush implement.
type Stats interface {
	Hit()
	Flush() int64
}

// Report has workers goroutines call Hit n times each while a reporter
// goroutine calls Flush flushes times, as a metrics exporter would, then
// flushes once more, and returns an error if the flushed counts do not
// add up to every Hit, or if one more Flush finds any. If s has a window in Flush (a mutant of SwapFlush
// that splits its Swap into a Load and a Store has one), the first Flush
// is held there while 200 more Hits run: the interleaving that loses
// them, made certain.
func Report(s Stats, workers, n, flushes int) error {
	var entered atomic.Bool
	windowed := window.Set(s, func() {
		if entered.CompareAndSwap(false, true) { // only the first Flush waits
			for range inside {
				s.Hit()
			}
		}
	})
	start := make(chan struct{})
	var flushed int64 // the reporter's, read after Wait
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			<-start
			for range n {
				s.Hit()
			}
		})
	}
	wg.Go(func() {
		<-start
		for range flushes {
			flushed += s.Flush()
		}
	})
	close(start)
	wg.Wait()
	want := int64(workers * n)
	if windowed {
		window.Set(s, nil)
		if entered.Load() {
			want += inside
		}
	}
	if got := flushed + s.Flush(); got != want {
		return fmt.Errorf("%T: flushed %d hits in all, want %d: %d hits lost", s, got, want, want-got)
	}
	if again := s.Flush(); again != 0 {
		return fmt.Errorf("%T: a Flush right after a Flush returned %d, want 0: the first did not reset", s, again)
	}
	return nil
}

// A Status is what PlainStatus and AtomicStatus implement.
type Status interface {
	Set(s string)
	Get() string
}

// The two statuses Flip sets: of different lengths, so that a Get that
// takes its length from one and its bytes from the other returns
// neither.
const (
	statusUp       = "up"
	statusDegraded = "degraded: replica lagging"
)

// Flip has one goroutine set the status n times, "up" and "degraded: ..."
// by turns, while another reads it n times, as a status page would. It
// returns an error if a read returned a status no Set stored (a torn
// read: the length of one and the bytes of the other), or if the status
// after the last Set is not the last one set.
func Flip(st Status, n int) error {
	// A status from the start: a Get torn between the zero string (a nil
	// pointer) and a Set's length would crash the reader, not return.
	st.Set(statusDegraded)
	start := make(chan struct{})
	var torn []string // the reader's, read after Wait
	var wg sync.WaitGroup
	wg.Go(func() {
		<-start
		for i := range n {
			st.Set([]string{statusUp, statusDegraded}[i%2])
		}
	})
	wg.Go(func() {
		<-start
		for range n {
			switch s := st.Get(); s {
			case statusUp, statusDegraded:
			default:
				torn = append(torn, s)
			}
		}
	})
	close(start)
	wg.Wait()
	if len(torn) > 0 {
		return fmt.Errorf("%T: torn read: Get returned %q (length %d), which no Set stored; %d of %d Gets were torn",
			st, torn[0], len(torn[0]), len(torn), n)
	}
	if got, want := st.Get(), []string{statusUp, statusDegraded}[(n-1)%2]; got != want {
		return fmt.Errorf("%T: Get() = %q after the last Set(%q)", st, got, want)
	}
	return nil
}
