package conctest

import (
	"errors"
	"sync"
)

// Together runs fn(0) ... fn(n-1), each in its own goroutine, releases
// them all at once, waits for every one to return, and returns their
// errors joined.
//
// A race workload needs its accesses close together. Goroutines started
// one by one in a loop often run one after another: the first may finish
// before the last is scheduled, and on GOMAXPROCS=1 it nearly always
// does, so the race detector sees the accesses ordered by the go
// statements and the scheduler and says nothing. Held at a barrier until
// all have started, they contend as the code will in production. Keep
// fn short: the race detector forgets old accesses, and a hot loop that
// calls fmt, log or anything built on sync.Pool synchronizes the
// goroutines through the pool and can hide a race.
func Together(n int, fn func(i int) error) error {
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start // every goroutine exists before any runs fn
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errors.Join(errs...)
}
