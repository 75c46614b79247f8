package prodcons

import (
	"context"
	"sync"
)

// Each variant of this lesson has a Gather method, which runs work on
// the items 0..n-1 with workers goroutines, each taking every workers-th
// item, and returns the results in item order with the first error.

// AddInside calls wg.Add inside each goroutine it starts.
//
// Broken: nothing makes a new goroutine run before the caller reaches
// wg.Wait. If Wait runs first it sees a zero counter and returns at once,
// and the caller reads results the goroutines have not written yet: the
// results are missing, and the goroutines' later writes race with the
// caller's reads. Go vet's waitgroup analyzer flags "WaitGroup.Add called
// from inside new goroutine" only when Add is the goroutine's first
// statement (testdata/waitgroupadd); here the deferred Done comes first,
// and vet is silent. The tests hold the goroutines at the mark until
// Gather has returned, the schedule a busy machine produces, so the race
// detector and the invariant both report it on every run.
type AddInside struct{}

func (g *AddInside) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for w := range workers {
		go func() {
			defer wg.Done()
			// the scheduler may start this goroutine after Wait has returned
			wg.Add(1) // too late: Wait may have returned already
			stripe(ctx, w, workers, results, errs, work)
		}()
	}
	wg.Wait()
	return results, first(errs)
}

// AddBeforeGo calls wg.Add before each go statement.
//
// Fixed: Add happens before the go statement, which happens before the
// goroutine runs, so Wait counts every goroutine however late it starts,
// and its Done happens before Wait returns. Clean under every detector.
type AddBeforeGo struct{}

func (AddBeforeGo) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1) // before go: Wait counts this goroutine from the start
		go func() {
			defer wg.Done()
			stripe(ctx, w, workers, results, errs, work)
		}()
	}
	wg.Wait()
	return results, first(errs)
}

// WaitGroupGo starts each goroutine with wg.Go (Go 1.25), which does the
// Add and the deferred Done itself.
//
// Fixed: the Add-before-go rule with no Add left to misplace. Clean under
// every detector.
type WaitGroupGo struct{}

func (WaitGroupGo) Gather(ctx context.Context, n, workers int, work Work) ([]int, error) {
	results, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { stripe(ctx, w, workers, results, errs, work) })
	}
	wg.Wait()
	return results, first(errs)
}

// stripe works on the items w, w+workers, w+2*workers, ...: one
// goroutine's share. Each item has its own slots, so no two goroutines
// write the same memory.
func stripe(ctx context.Context, w, workers int, results []int, errs []error, work Work) {
	for i := w; i < len(results); i += workers {
		results[i], errs[i] = work(ctx, i)
	}
}

// first returns the error of the first item that failed.
func first(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
