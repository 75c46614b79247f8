package flaky_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// repeat is how every proof here runs its workload: again and again in
// one child process, until a detector finds something, for at most
// conctest.RepeatTries tries or conctest.RepeatBudget.
var repeat = conctest.Repeat(conctest.RepeatTries, conctest.RepeatBudget)

// latency returns a service time with the given mean, exponentially
// distributed as real ones roughly are: mostly short, now and then
// several times the mean. The workloads' flakiness comes from it, and
// from the scheduler, as a real regression's does.
func latency(mean time.Duration) time.Duration {
	return time.Duration(rand.ExpFloat64() * float64(mean))
}
