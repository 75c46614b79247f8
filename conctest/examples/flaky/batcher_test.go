package flaky_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type batcher interface {
	Add(line string)
	Close()
}

// handle is the regression: a request handler logs the request, gets a
// page (see get), logs the answer, writes the reply (500 µs on average)
// and closes its log; when the page times out, it logs that and closes
// the log at once. The log writes a batch 1 ms after its first line.
func handle(open func(time.Duration, func([]string)) batcher) func() error {
	return func() error {
		log := open(time.Millisecond, func([]string) {})
		defer log.Close()
		log.Add("GET /user/42")
		page, err := get("/user/42")
		if err != nil {
			log.Add(err.Error())
			return nil
		}
		log.Add("200 OK " + page)
		time.Sleep(latency(500 * time.Microsecond)) // write the reply
		return nil
	}
}

func stopBatcher(every time.Duration, write func([]string)) batcher {
	return flaky.NewStopBatcher(every, write)
}

func fireBatcher(every time.Duration, write func([]string)) batcher {
	return flaky.NewFireBatcher(every, write)
}

func TestLeakStopBatcher(t *testing.T) {
	conctest.Prove(t, conctest.Leak, "flaky.(*batch).Add", handle(stopBatcher), repeat, conctest.Copies(4))
}

// FireBatcher leaves a goroutine waiting for a timer that fires within a
// millisecond of Close: neither goleak nor the bubble may call it stuck.
func TestNoLeakFireBatcher(t *testing.T) {
	conctest.ProveClean(t, handle(fireBatcher), repeat, conctest.Bubble(),
		conctest.Twin(conctest.Blocked, "flaky.(*batch).Add", handle(stopBatcher), repeat))
}
