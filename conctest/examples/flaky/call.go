package flaky

import (
	"errors"
	"sync"
	"time"
)

// ErrTimeout is the error of a call that did not finish in time.
var ErrTimeout = errors.New("call timed out")

// A call runs work in a goroutine with a timeout; Wait returns work's
// error, or ErrTimeout if the timer fired first.
type call struct {
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func (c *call) finish(err error) {
	c.mu.Lock()
	c.err = err
	c.mu.Unlock()
	close(c.done)
}

func (c *call) Wait() error {
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// StopIgnored is a call whose work goroutine stops the timer and
// finishes, whatever Stop says.
//
// Broken: Stop returns false when the timer has already fired, and then
// the timer's callback has finished the call already: the second finish
// closes done again and panics with "close of closed channel". It shows
// only when work outlasts the timeout. The runtime reports the panic, in
// the goroutine GoStopIgnored starts.
type StopIgnored struct{ call }

func GoStopIgnored(work func() error, timeout time.Duration) *StopIgnored {
	c := &StopIgnored{call{done: make(chan struct{})}}
	timer := time.AfterFunc(timeout, func() { c.finish(ErrTimeout) })
	go func() {
		err := work()
		timer.Stop() // false if the callback has run: then it finished c
		c.finish(err)
	}()
	return c
}

// StopChecked is a call whose work goroutine finishes only if it stopped
// the timer.
//
// Fixed: exactly one of the two, the timer or the work goroutine,
// finishes the call. After a timeout, the work goroutine runs on until
// work returns. Clean under every detector.
type StopChecked struct{ call }

func GoStopChecked(work func() error, timeout time.Duration) *StopChecked {
	c := &StopChecked{call{done: make(chan struct{})}}
	timer := time.AfterFunc(timeout, func() { c.finish(ErrTimeout) })
	go func() {
		err := work()
		if timer.Stop() { // the callback will not run: finish c here
			c.finish(err)
		}
	}()
	return c
}
