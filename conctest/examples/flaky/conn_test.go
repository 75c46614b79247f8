package flaky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type keptAlive interface {
	Conn() *flaky.Conn
	Close()
}

func dial() *flaky.Conn { return &flaky.Conn{Addr: "10.0.0.7:5432"} }

// oneRequest is the regression: a client that pings every 3 ms serves
// one request, 500 µs on average, and is closed.
func oneRequest(newClient func(func() *flaky.Conn, time.Duration) keptAlive) func() error {
	return func() error {
		c := newClient(dial, 3*time.Millisecond)
		_ = c.Conn().Addr
		time.Sleep(latency(500 * time.Microsecond)) // the request
		c.Close()
		return nil
	}
}

func doubleChecked(d func() *flaky.Conn, every time.Duration) keptAlive {
	return flaky.NewDoubleChecked(d, every)
}

func TestRaceDoubleChecked(t *testing.T) {
	conctest.Prove(t, conctest.Race, "flaky.(*DoubleChecked).Conn", oneRequest(doubleChecked), repeat)
}

func ExampleOnceConn() {
	c := flaky.NewOnceConn(dial, time.Hour)
	defer c.Close()
	fmt.Println(c.Conn().Addr)
	// Output: 10.0.0.7:5432
}
