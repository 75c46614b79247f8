package prodcons

import (
	"context"
	"runtime"
	"sync"
)

// FetchThenProcess is the mixed workload: fetchers goroutines fetch (I/O
// bound, so many), and one goroutine per CPU processes (CPU bound, so no
// more than the CPUs). It waits for the fetch stage to finish before it
// starts the process stage, as Python's list(executor.map(fetch, urls))
// followed by a loop would.
//
// Broken: the stages are joined by an unbuffered channel, not a list.
// Each fetcher blocks sending its first page to a process stage that
// starts only when every fetcher has returned: every goroutine waits for
// another, forever. testing/synctest reports that every goroutine in the
// bubble is blocked; outside one, the watchdog reports a hang and goleak
// the fetchers left behind.
func FetchThenProcess(ctx context.Context, src *Source, fetchers int, fetch Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	fetched := make(chan Result)
	var wg sync.WaitGroup
	for range fetchers {
		wg.Go(func() { each(ctx, stop, src, fetch, func(r Result) { fetched <- r }) })
	}
	wg.Wait() // every fetcher waits to send to a stage that has not started
	close(fetched)
	return process(fetched), context.Cause(ctx)
}

// Pipelined runs both stages at once: the process stage receives while
// the fetchers send, and a closer ends it once every fetcher has
// returned.
//
// Fixed: the channel is a hand-off between running stages, and each
// stage is sized for its kind of work. Every fetched page is processed,
// also after an error or a cancel stops the fetchers. Clean under every
// detector.
func Pipelined(ctx context.Context, src *Source, fetchers int, fetch Work) ([]Result, error) {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	fetched := make(chan Result)
	var wg sync.WaitGroup
	for range fetchers {
		wg.Go(func() { each(ctx, stop, src, fetch, func(r Result) { fetched <- r }) })
	}
	go func() { wg.Wait(); close(fetched) }() // process while fetching
	return process(fetched), context.Cause(ctx)
}

// process runs Crunch on every fetched value, with one goroutine per CPU,
// and returns the results once fetched is closed and drained.
func process(fetched <-chan Result) []Result {
	processed := make(chan Result)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for r := range fetched {
				processed <- Result{r.Item, Crunch(r.Value)}
			}
		})
	}
	go func() { wg.Wait(); close(processed) }()
	var out []Result
	for r := range processed {
		out = append(out, r)
	}
	return out
}

// Crunch is the CPU-bound processing of a fetched value: the process
// stage's work.
func Crunch(v int) int {
	x := uint64(v)
	for range 64 {
		x = mix(x)
	}
	return int(x >> 1)
}

// mix is SplitMix64's finalizer.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
