package counter_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
	"github.com/racelab/racelab/internal/countertest"
)

// flip is the workload Flip on st.
func flip(st countertest.Status, n int) func() error {
	return func() error { return countertest.Flip(st, n) }
}

// The torn value itself is seen too rarely to prove (the doc comment
// gives the counts): the race detector proves the race it comes from.
func TestRacePlainStatus(t *testing.T) {
	conctest.Prove(t, conctest.Race, "counter.(*PlainStatus).Get", flip(new(counter.PlainStatus), raceIncs))
}

func TestNoRaceAtomicStatus(t *testing.T) {
	conctest.ProveClean(t, flip(new(counter.AtomicStatus), loadIncs),
		conctest.Twin(conctest.Race, "counter.(*PlainStatus).Get", flip(new(counter.PlainStatus), loadIncs)))
}

func ExampleAtomicStatus() {
	var st counter.AtomicStatus
	fmt.Printf("%q\n", st.Get())
	st.Set("up")
	fmt.Printf("%q\n", st.Get())
	// Output:
	// ""
	// "up"
}
