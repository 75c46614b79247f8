// Package fatalgoroutine holds the capture lesson's t.Fatal in the shape
// go vet's testinggoroutine and staticcheck's SA2002 see: in the function
// of a go statement, in a function that takes a *testing.T. The variant
// that runs, capture.FatalInHelper, takes a testing.TB and calls Fatal
// in a helper, and both miss it.
package fatalgoroutine

import (
	"sync"
	"testing"
)

// FatalInGoroutine runs each check in a goroutine of its own and calls
// t.Fatal in that goroutine when the check fails.
//
// Broken: as capture.FatalInHelper, t.Fatal ends the goroutine that
// calls it, not the test, and the test goes on. go vet's
// testinggoroutine reports "call to (*testing.T).Fatal from a non-test
// goroutine", and staticcheck's SA2002 "the goroutine calls T.Fatal,
// which must be called in the same goroutine as the test".
func FatalInGoroutine(t *testing.T, checks []func() error) {
	t.Helper()
	var wg sync.WaitGroup
	for _, check := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(); err != nil {
				t.Fatal(err) // ends this goroutine, not the test
			}
		}()
	}
	wg.Wait()
}
