package sharedmem_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racelab/racelab/internal/sharedmemtest"
	"github.com/racelab/racelab/sharedmem"
)

// BenchmarkCount compares the fixes of counter.go as increments per
// second, with 1 and 2 worker processes adding to one total, against 1
// and 2 goroutines of this process sharing one counter (their twins: an
// atomic, a mutex, an owner goroutine fed by a channel). Time runs from
// the start barrier until the total is complete, so process start-up is
// left out: ns/op and ops/s are the increments' own cost.
//
//	go test -run '^$' -bench Count ./sharedmem/
func BenchmarkCount(b *testing.B) {
	for _, c := range []sharedmemtest.Counter{sharedmem.Atomic{}, sharedmem.Locked{}, sharedmem.Owner{}} {
		for _, procs := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/procs=%d", strings.TrimPrefix(fmt.Sprintf("%T", c), "sharedmem."), procs), func(b *testing.B) {
				n := max(b.N/procs, 1)
				got, elapsed, err := sharedmemtest.Bench(c, procs, n)
				report(b, got, int64(n*procs), elapsed, err)
			})
		}
	}
	for _, c := range goroutineCounters {
		for _, gs := range []int{1, 2} {
			b.Run(fmt.Sprintf("Goroutines/%s/goroutines=%d", c.name, gs), func(b *testing.B) {
				n := max(b.N/gs, 1)
				got, elapsed := inGoroutines(c.make, gs, n)
				report(b, got, int64(n*gs), elapsed, nil)
			})
		}
	}
}

func report(b *testing.B, got, want int64, elapsed time.Duration, err error) {
	if err == nil && got != want {
		err = fmt.Errorf("got total %d, want %d", got, want)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(want)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(want), "ns/op")
}

// goroutineCounters are the goroutine twins of Atomic, Locked and Owner.
// make returns the increment, and a func that completes the count and
// returns the total.
var goroutineCounters = []struct {
	name string
	make func() (inc func(), total func() int64)
}{
	{"atomic", func() (func(), func() int64) {
		var n atomic.Int64
		return func() { n.Add(1) }, n.Load
	}},
	{"mutex", func() (func(), func() int64) {
		var mu sync.Mutex
		var n int64
		return func() { mu.Lock(); n++; mu.Unlock() }, func() int64 { mu.Lock(); defer mu.Unlock(); return n }
	}},
	{"owner", func() (func(), func() int64) {
		adds, done := make(chan int64, 64), make(chan int64)
		go func() {
			var n int64
			for d := range adds {
				n += d
			}
			done <- n
		}()
		return func() { adds <- 1 }, func() int64 { close(adds); return <-done }
	}},
}

// inGoroutines has gs goroutines, released together, increment n times
// each, and returns the total and the time it took.
func inGoroutines(make func() (func(), func() int64), gs, n int) (int64, time.Duration) {
	inc, total := make()
	start := newStart()
	var wg sync.WaitGroup
	for range gs {
		wg.Go(func() {
			<-start
			for range n {
				inc()
			}
		})
	}
	t := time.Now()
	close(start)
	wg.Wait()
	got := total()
	return got, time.Since(t)
}

func newStart() chan struct{} { return make(chan struct{}) }
