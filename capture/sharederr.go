package capture

import (
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

// SharedErr runs each task in a goroutine of its own and returns an
// error if any failed. Every goroutine's closure captures the one err.
//
// Broken: a closure captures the variable err, not its value, so every
// goroutine writes the same variable, and two tasks that fail write it
// with nothing ordering the two writes. The race detector reports them on
// every run in which two tasks fail. Which error survives is the
// schedule's choice, and an interface value is two words, which a racing
// write may leave inconsistent (the Go memory model). The invariant
// cannot tell: some error comes back.
func SharedErr(tasks []func() error) error {
	var err error
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Go(func() {
			if e := task(); e != nil {
				err = e // every goroutine writes the one err
			}
		})
	}
	wg.Wait()
	return err
}

// ErrPerGoroutine gives each goroutine a slot of its own for its error,
// and joins the slots once every goroutine has finished.
//
// Fixed: goroutine i writes only errs[i], an element that acts like a
// variable of its own (the Go spec, "Variables"), and the caller reads
// the slots after wg.Wait, which the end of every goroutine is
// synchronized before (go doc sync.WaitGroup.Go). Every error comes
// back, joined. Clean under every detector.
func ErrPerGoroutine(tasks []func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Go(func() {
			errs[i] = task() // this goroutine's own slot
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ErrGroup runs the tasks with golang.org/x/sync/errgroup, which keeps
// the first error for its Wait to return.
//
// Fixed: errgroup keeps the first error itself, and Wait returns it once
// every task has returned: no closure of ours writes a variable another
// goroutine writes. Clean under every detector.
func ErrGroup(tasks []func() error) error {
	var g errgroup.Group
	for _, task := range tasks {
		g.Go(task) // errgroup keeps the first error
	}
	return g.Wait()
}
