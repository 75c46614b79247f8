package prodcons

import (
	"context"
	"sync"
)

// SharedMap is Executor.map with the results kept in a map that every
// worker writes: results[item] = value.
//
// Broken: a Go map is not safe for concurrent writes. The race detector
// reports the unsynchronized writes on every run in which two workers
// write; without it, the runtime may stop the program with "fatal error:
// concurrent map writes", and a write it misses may corrupt the map.
// Python's dict, under the GIL, survives this; Go's map does not.
func SharedMap(ctx context.Context, src *Source, workers int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	done := map[int]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { each(ctx, stop, src, work, func(r Result) { done[r.Item] = r.Value }) }) // every worker writes the map
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	out := make([]Result, src.Len())
	for item := range out {
		out[item] = Result{item, done[item]}
	}
	return out, nil
}

// IndexedSlice is Executor.map with one slot per item: each worker writes
// only the slots of the items it took.
//
// Fixed: different elements of a slice are different variables, so two
// workers never write the same memory, and wg.Wait orders every write
// before the caller's reads. The results come back in item order, as
// Executor.map returns them. Clean under every detector.
func IndexedSlice(ctx context.Context, src *Source, workers int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	out := make([]Result, src.Len())
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { each(ctx, stop, src, work, func(r Result) { out[r.Item] = r }) }) // each item its own slot
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// SharedAppend is as_completed with every worker appending its results,
// as they finish, to one slice.
//
// Broken: append reads the slice header, may copy the array, and writes
// the header back; two workers appending at once lose one result or
// write into the same element. The race detector reports it on every run
// in which two workers append; the lost result shows only sometimes.
func SharedAppend(ctx context.Context, src *Source, workers int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var out []Result
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { each(ctx, stop, src, work, func(r Result) { out = append(out, r) }) }) // unsynchronized append
	}
	wg.Wait()
	return out, context.Cause(ctx)
}

// AsCompleted is as_completed: workers send each result on a channel as
// it finishes, and the caller's goroutine, the only one that appends,
// receives them in the order they complete.
//
// Fixed: the channel hands each result from one goroutine to the other;
// the closer waits for every worker, so range ends after the last result.
// Clean under every detector.
func AsCompleted(ctx context.Context, src *Source, workers int, work Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	results := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { each(ctx, stop, src, work, func(r Result) { results <- r }) })
	}
	go func() { wg.Wait(); close(results) }()
	var out []Result
	for r := range results {
		out = append(out, r) // one goroutine appends, in completion order
	}
	return out, context.Cause(ctx)
}

// each is one worker: it takes items from src and works on them until
// the source is empty or the context is done, and delivers each result.
// The first error stops the whole pool.
func each(ctx context.Context, stop context.CancelCauseFunc, src *Source, work Work, deliver func(Result)) {
	for ctx.Err() == nil {
		item, ok := src.Next()
		if !ok {
			return
		}
		v, err := work(ctx, item)
		if err != nil {
			stop(err)
			return
		}
		deliver(Result{item, v})
	}
}
