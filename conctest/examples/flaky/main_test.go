package flaky_test

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// repeat is how every proof here runs its workload: again and again in
// one child process, until a detector finds something, within ten
// seconds. The tries are capped at 1,000, which finds every bug here
// (their median is under 70) and keeps a fix's proof, which runs every
// try it is allowed, under a second; a bug that needs more takes
// Repeat(0, budget), as many as the budget allows. With FLAKY_ONCE
// set (make flaky-rates), each proof has one try: its k/N is how often
// the bug shows in a single run, which is why it needs repeating.
var repeat = func() conctest.Option {
	if os.Getenv("FLAKY_ONCE") != "" {
		return conctest.Repeat(1, 10*time.Second)
	}
	return conctest.Repeat(1000, 10*time.Second)
}()

// latency returns a service time with the given mean, exponentially
// distributed as real ones roughly are: mostly short, now and then
// several times the mean. The workloads' flakiness comes from it, and
// from the scheduler, as a real regression's does.
func latency(mean time.Duration) time.Duration {
	return time.Duration(rand.ExpFloat64() * float64(mean))
}
