package lockstest

import (
	"fmt"
	"sync"
)

// Rates is what DoubleChecked and OnceInit implement.
type Rates interface {
	Rate(currency string) int
}

// FirstRates has two goroutines ask a fresh table for a rate at once,
// so that both may find it unloaded, and returns an error if either
// gets a wrong rate.
func FirstRates(c Rates) error {
	want := map[string]int{"EUR": 100, "GBP": 85}
	start := make(chan struct{})
	errs := make(chan error, len(want))
	var wg sync.WaitGroup
	for cur, rate := range want {
		wg.Go(func() {
			<-start
			if got := c.Rate(cur); got != rate {
				errs <- fmt.Errorf("%T.Rate(%q) = %d on a fresh table, want %d", c, cur, got, rate)
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	return <-errs
}
