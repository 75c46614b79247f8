package prodcons

import (
	"sync"
	"time"
)

// Each variant of this lesson calls poll every interval, in a goroutine
// of its own, until the stop function it returns is called: Python's
// threading.Timer, restarted after each run, and its cancel().

// RangeTicker ranges over its ticker's channel, and stop stops the
// ticker.
//
// Broken: Ticker.Stop stops the ticks but does not close the channel
// (go doc time.Ticker.Stop), so the range loop waits for a tick that
// never comes, and the goroutine, with poll and all it references,
// stays forever: one per poller ever stopped. Since Go 1.23 an
// unreferenced ticker is garbage even unstopped, but this one is
// referenced by the goroutine that waits on it. goleak lists the
// goroutine; in a testing/synctest bubble it is the goroutine left
// blocked.
func RangeTicker(interval time.Duration, poll func()) (stop func()) {
	t := time.NewTicker(interval)
	go func() {
		for range t.C { // Stop never closes t.C: this loop never ends
			poll()
		}
	}()
	return t.Stop
}

// SelectTicker selects between its ticker's channel and a done channel
// that stop closes, and stop waits for the goroutine to return.
//
// Fixed: closing done ends the loop, which stops the ticker on its way
// out; stop returns once the goroutine has, so no poll runs after it.
// Clean under every detector.
func SelectTicker(interval time.Duration, poll func()) (stop func()) {
	t := time.NewTicker(interval)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				poll()
			case <-done: // stop was called
				return
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
