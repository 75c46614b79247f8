package counter_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
	"github.com/racelab/racelab/internal/countertest"
	"github.com/racelab/racelab/internal/window"
)

func TestMain(m *testing.M) {
	window.Required()
	conctest.Main(m)
}

// Race proofs stay tiny: the race detector forgets old accesses, so a
// short history proves the race on every run. Fixed variants get a load
// that would lose updates if they could.
const (
	raceWorkers, raceIncs = 2, 10
	loadWorkers, loadIncs = 4, 2000
)

// unsyncTwin shows that a fix's load can fail: the same load on Unsync,
// the counter every fix fixes, is reported by the race detector.
var unsyncTwin = conctest.Twin(conctest.Race, "counter.(*Unsync).Inc", hammer[counter.Unsync](loadWorkers, loadIncs))

// variant is a counter type whose zero value is ready to use.
type variant[C any] interface {
	*C
	countertest.Counter
}

// hammer is the workload Hammer on a fresh counter of type C.
func hammer[C any, P variant[C]](workers, n int) func() error {
	return func() error { return countertest.Hammer(P(new(C)), workers, n) }
}

// interleave is the workload Interleave on a fresh counter of type C.
func interleave[C any, P variant[C]]() error {
	return countertest.Interleave(P(new(C)))
}
