package locks_test

import (
	"context"
	"testing"

	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// BenchmarkSemaphore measures one Do of an empty job under contention:
// b.RunParallel runs 4*GOMAXPROCS goroutines (go test -cpu 1,2) against a
// semaphore of 2 permits, so callers wait for permits at -cpu 1 and 2
// alike. DeferRelease is a buffered channel; Weighted is
// golang.org/x/sync/semaphore, a mutex and a FIFO list of waiters, which
// buys fairness, weights and context-aware waiting.
func BenchmarkSemaphore(b *testing.B) {
	variants := []struct {
		name string
		new  func(n int) lockstest.Limiter
	}{
		{"DeferRelease", func(n int) lockstest.Limiter { return make(locks.DeferRelease, n) }},
		{"Weighted", func(n int) lockstest.Limiter { return locks.NewWeighted(n) }},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			sem, ctx := v.new(2), context.Background()
			job := func() error { return nil }
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					_ = sem.Do(ctx, job)
				}
			})
		})
	}
}

// BenchmarkEvent compares an event made by closing a channel (OnceEvent)
// with one made by cancelling a context (ContextEvent). "SetWait" makes
// an event, sets it and waits for it in one goroutine: the cost of one
// use. "Waiter" does the same with the Wait in another goroutine, which
// Set must wake. "WaitSet" is the hot path of a long-lived event: every
// goroutine of b.RunParallel waits on one event that is already set.
func BenchmarkEvent(b *testing.B) {
	variants := []struct {
		name string
		new  func() lockstest.Event
	}{
		{"OnceEvent", func() lockstest.Event { return locks.NewOnceEvent() }},
		{"ContextEvent", func() lockstest.Event { return locks.NewContextEvent() }},
	}
	for _, v := range variants {
		b.Run("SetWait/"+v.name, func(b *testing.B) {
			for b.Loop() {
				e := v.new()
				e.Set()
				e.Wait()
			}
		})
		b.Run("Waiter/"+v.name, func(b *testing.B) {
			for b.Loop() {
				e, done := v.new(), make(chan struct{})
				go func() {
					e.Wait()
					close(done)
				}()
				e.Set()
				<-done
			}
		})
		b.Run("WaitSet/"+v.name, func(b *testing.B) {
			e := v.new()
			e.Set()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					e.Wait()
				}
			})
		})
	}
}
