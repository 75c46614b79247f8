package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// firstRates is the workload FirstRates on c.
func firstRates(c lockstest.Rates) func() error {
	return func() error { return lockstest.FirstRates(c) }
}

func TestRaceDoubleChecked(t *testing.T) {
	conctest.Prove(t, conctest.Race, "locks.(*DoubleChecked).Rate", firstRates(new(locks.DoubleChecked)))
}

func TestNoRaceOnceInit(t *testing.T) {
	conctest.ProveClean(t, firstRates(new(locks.OnceInit)),
		conctest.Twin(conctest.Race, "locks.(*DoubleChecked).Rate", firstRates(new(locks.DoubleChecked))))
}

func ExampleOnceInit() {
	var c locks.OnceInit
	fmt.Println(c.Rate("EUR"), c.Rate("USD"))
	// Output: 100 108
}
