package flaky_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type publisher interface {
	Subscribe() <-chan string
	Publish(msg string)
	Last() string
}

// threeMessages is the regression: a subscriber that handles each message
// in 500 µs on average, then checks Last, gets three messages published
// 500 µs apart on average.
func threeMessages(newFeed func() publisher) func() error {
	return func() error {
		f := newFeed()
		ch := f.Subscribe()
		var wg sync.WaitGroup
		wg.Go(func() {
			for range 3 {
				<-ch
				time.Sleep(latency(500 * time.Microsecond))
				_ = f.Last()
			}
		})
		for _, msg := range []string{"v1", "v2", "v3"} {
			time.Sleep(latency(500 * time.Microsecond))
			f.Publish(msg)
		}
		wg.Wait()
		return nil
	}
}

// stuckAfter is a hundred times a try's usual time. At 100 ms, a loaded
// machine (both cores busy with other tests) now and then left a try
// unscheduled that long: a Hang whose dump showed goroutines sleeping,
// not stuck, and no Publish; TestExcerptsNameTheCulpritFirst caught one.
const stuckAfter = 300 * time.Millisecond

func sendLocked() publisher { return new(flaky.SendLocked) }

// A run takes a few milliseconds: a try still running after stuckAfter
// is stuck, and the watchdog's dump shows where. Four copies at once
// make a stuck one come sooner.
func TestHangSendLocked(t *testing.T) {
	conctest.Prove(t, conctest.Hang, "flaky.(*SendLocked).Publish", threeMessages(sendLocked), repeat,
		conctest.Copies(4), conctest.Timeout(stuckAfter))
}

func ExampleSendUnlocked() {
	var f flaky.SendUnlocked
	ch := f.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 2 {
			msg := <-ch
			fmt.Println(msg, f.Last() >= msg) // Last never waits for a send
		}
	}()
	f.Publish("v1")
	f.Publish("v2")
	<-done
	// Output:
	// v1 true
	// v2 true
}
