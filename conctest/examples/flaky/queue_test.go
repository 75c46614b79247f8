package flaky_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type jobQueue interface {
	Put(job string)
	Get() (string, bool)
	Close()
}

// twoWorkers is the regression: two workers take jobs that take 1.5 ms
// each on average; a reader puts two jobs, reads on to the end of its
// input (500 µs on average), closes the queue and waits for the workers.
func twoWorkers(newQ func() jobQueue) func() error {
	return func() error {
		q := newQ()
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for _, ok := q.Get(); ok; _, ok = q.Get() {
					time.Sleep(latency(1500 * time.Microsecond))
				}
			})
		}
		q.Put("resize a.png")
		q.Put("resize b.png")
		time.Sleep(latency(500 * time.Microsecond)) // the end of the input
		q.Close()
		wg.Wait()
		return nil
	}
}

func signalClose() jobQueue { return flaky.NewSignalClose() }

func TestBlockedSignalClose(t *testing.T) {
	conctest.Prove(t, conctest.Blocked, "flaky.(*queue).Get", twoWorkers(signalClose), repeat)
}

func ExampleBroadcastClose() {
	q := flaky.NewBroadcastClose()
	var done atomic.Int32
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for _, ok := q.Get(); ok; _, ok = q.Get() {
				done.Add(1)
			}
		})
	}
	q.Put("resize a.png")
	q.Put("resize b.png")
	q.Put("resize c.png")
	q.Close() // wakes every waiting worker
	wg.Wait()
	fmt.Println(done.Load(), "jobs done")
	// Output: 3 jobs done
}
