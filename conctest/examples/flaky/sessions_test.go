package flaky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type sessionStore interface {
	Login(id, user string, ttl time.Duration)
	User(id string) (string, error)
	Sweep()
}

// requestAfterLogin is the regression: a session that lives 2 ms is used
// by a request that comes 400 µs after the login on average, while a
// sweeper drops expired sessions every 10 ms.
func requestAfterLogin(newStore func() sessionStore) func() error {
	return func() error {
		s := newStore()
		s.Login("s1", "ann", 2*time.Millisecond)
		stop, swept := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(swept)
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-tick.C:
					s.Sweep()
				case <-stop:
					return
				}
			}
		}()
		time.Sleep(latency(400 * time.Microsecond))
		_, _ = s.User("s1") // an expired session is an answer too
		close(stop)
		<-swept
		return nil
	}
}

func nestedRLock() sessionStore { return new(flaky.NestedRLock) }

func TestRecursiveNestedRLock(t *testing.T) {
	conctest.Prove(t, conctest.Recursive, "flaky.(*sessions).Len", requestAfterLogin(nestedRLock), repeat)
}

func ExampleLenLocked() {
	var s flaky.LenLocked
	s.Login("s1", "ann", time.Hour)
	fmt.Println(s.User("s1"))
	_, err := s.User("s2")
	fmt.Println(err)
	// Output:
	// ann <nil>
	// session s2 expired (1 active)
}
