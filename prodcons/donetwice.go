package prodcons

import (
	"context"
	"sync"
)

// Each variant of this lesson has a Gather method, which runs work on
// the items 0..n-1 with workers goroutines, each taking every workers-th
// item and stopping at its first error, and returns the results in item
// order with the first error.

// DoneOnError defers wg.Done in each goroutine, and calls it once more
// on the error path before it returns.
//
// Broken: the goroutine that fails calls Done twice. If another
// goroutine still runs then, the counter reaches zero early: Wait
// returns and the caller reads results still being written. Either way
// there is one Done more than Add counted, and the last one takes the
// counter below zero: Done panics, "sync: negative WaitGroup counter",
// and the program ends, on every run that has an error, which the
// runtime reports. Python's task_done raises ValueError when called
// more times than there were items placed in the queue.
type DoneOnError struct{}

func (DoneOnError) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if results[i], errs[i] = work(ctx, i); errs[i] != nil {
					wg.Done() // and the deferred Done runs too: twice
					return
				}
			}
		}()
	}
	wg.Wait()
	return results, first(errs)
}

// DeferredDone has the one deferred wg.Done and returns on the error
// path without another.
//
// Fixed: every goroutine calls Done exactly once, on every path, so
// Wait returns after the last one and the counter never goes below
// zero. wg.Go (waitgroup.go) leaves no Done to write at all. Clean under
// every detector.
type DeferredDone struct{}

func (DeferredDone) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done() // the one Done, on every path
			for i := w; i < n; i += workers {
				if results[i], errs[i] = work(ctx, i); errs[i] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	return results, first(errs)
}
