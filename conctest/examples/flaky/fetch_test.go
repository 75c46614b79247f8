package flaky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

// get fetches url from a server that answers in 500 µs on average, and
// gives up after 2 ms.
func get(url string) (string, error) {
	select {
	case <-time.After(latency(500 * time.Microsecond)):
		return "<html>" + url, nil
	case <-time.After(2 * time.Millisecond):
		return "", fmt.Errorf("GET %s: timed out", url)
	}
}

// fetchTwo is the regression: fetch two pages at once.
func fetchTwo(fetch func([]string, func(string) (string, error)) []string) func() error {
	return func() error {
		fetch([]string{"/", "/about"}, get)
		return nil
	}
}

func TestPanicDoneTwice(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "flaky.DoneTwice", fetchTwo(flaky.DoneTwice), repeat)
}

func TestNoPanicDeferDone(t *testing.T) {
	conctest.ProveClean(t, fetchTwo(flaky.DeferDone), repeat,
		conctest.Twin(conctest.Panic, "flaky.DoneTwice", fetchTwo(flaky.DoneTwice), repeat))
}
