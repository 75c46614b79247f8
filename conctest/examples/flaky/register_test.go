package flaky_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

// signUp is the regression: bob signs up; IDs take 500 µs on average to
// allocate, and a client that has no answer after 2 ms retries. Both
// answers must be the same ID.
func signUp(register func(newID func() int) func(string) int) func() error {
	return func() error {
		var next atomic.Int64
		reg := register(func() int {
			time.Sleep(latency(500 * time.Microsecond))
			return int(next.Add(1))
		})
		first := make(chan int, 1)
		go func() { first <- reg("bob") }()
		select {
		case <-first:
			return nil
		case <-time.After(2 * time.Millisecond):
			retried := reg("bob")
			if id := <-first; id != retried {
				return fmt.Errorf("Register(bob) returned IDs %d and %d", id, retried)
			}
			return nil
		}
	}
}

func checkThenStore(newID func() int) func(string) int {
	r := &flaky.CheckThenStore{}
	r.NewID = newID
	return r.Register
}

func storeFirst(newID func() int) func(string) int {
	r := &flaky.StoreFirst{}
	r.NewID = newID
	return r.Register
}

func TestLostCheckThenStore(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "returned IDs", signUp(checkThenStore), repeat)
}

func TestNoLostStoreFirst(t *testing.T) {
	conctest.ProveClean(t, signUp(storeFirst), repeat,
		conctest.Twin(conctest.Lost, "returned IDs", signUp(checkThenStore), repeat))
}
