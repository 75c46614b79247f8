package flaky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type waiter interface{ Wait() error }

// callWithTimeout is the regression: work that takes 500 µs on average,
// run with a 3 ms timeout.
func callWithTimeout(start func(func() error, time.Duration) waiter) func() error {
	return func() error {
		c := start(func() error {
			time.Sleep(latency(500 * time.Microsecond))
			return nil
		}, 3*time.Millisecond)
		_ = c.Wait() // ErrTimeout is an answer too
		return nil
	}
}

func stopIgnored(work func() error, d time.Duration) waiter { return flaky.GoStopIgnored(work, d) }

func TestPanicStopIgnored(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "flaky.GoStopIgnored", callWithTimeout(stopIgnored), repeat)
}

func ExampleGoStopChecked() {
	fmt.Println(flaky.GoStopChecked(func() error { return nil }, time.Hour).Wait())
	release := make(chan struct{})
	fmt.Println(flaky.GoStopChecked(func() error { <-release; return nil }, time.Millisecond).Wait())
	close(release) // the work goroutine ends; the call stays timed out
	// Output:
	// <nil>
	// call timed out
}
