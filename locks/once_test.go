package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// firstRates is the workload FirstRates on a fresh table of type T for
// every run: a table loaded by one try could not race in the next.
func firstRates[T any, PT interface {
	*T
	lockstest.Rates
}]() func() error {
	return func() error { return lockstest.FirstRates(PT(new(T))) }
}

func TestRaceDoubleChecked(t *testing.T) {
	conctest.Prove(t, conctest.Race, "locks.(*DoubleChecked).Rate", firstRates[locks.DoubleChecked]())
}

func TestNoRaceOnceInit(t *testing.T) {
	conctest.ProveClean(t, firstRates[locks.OnceInit](),
		conctest.Twin(conctest.Race, "locks.(*DoubleChecked).Rate", firstRates[locks.DoubleChecked]()))
}

func ExampleOnceInit() {
	var c locks.OnceInit
	fmt.Println(c.Rate("EUR"), c.Rate("USD"))
	// Output: 100 108
}
