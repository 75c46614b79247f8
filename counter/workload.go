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

// window is the gap between a read and a write inside an Inc. The zero
// window does nothing; Interleave holds one Inc there while another runs.
type window struct {
	hook func()
}

func (w *window) wait() {
	if w.hook != nil {
		w.hook()
	}
}

func (w *window) setWindow(f func()) { w.hook = f }

// Interleave runs two Incs and, if c has a window between its read and
// its write, forces the second Inc to run entirely inside the first one's
// window: the interleaving that loses an update, made certain instead of
// lucky. It returns an error if the total is not 2.
func Interleave(c Counter) error {
	inWindow, secondDone := make(chan struct{}), make(chan struct{})
	firstDone := make(chan struct{})
	var entered atomic.Bool
	if w, ok := c.(interface{ setWindow(func()) }); ok {
		w.setWindow(func() {
			if entered.CompareAndSwap(false, true) { // only the first Inc waits
				close(inWindow)
				<-secondDone
			}
		})
	}
	go func() {
		defer close(firstDone)
		c.Inc()
	}()
	select { // a counter without a window never opens one
	case <-inWindow:
	case <-firstDone:
	}
	c.Inc()
	close(secondDone)
	<-firstDone
	if got := c.Value(); got != 2 {
		return fmt.Errorf("%T: got total %d after two Incs, want 2: an update was lost", c, got)
	}
	return nil
}
