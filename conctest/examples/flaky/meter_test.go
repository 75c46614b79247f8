package flaky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type meter interface {
	Readings() <-chan float64
	Stop()
}

func sensor() float64 { return 21.5 }

// oneReading is the regression: take one reading from a meter that ticks
// every 3 ms, store it (500 µs on average), and stop the meter.
func oneReading(start func(time.Duration, func() float64) meter) func() error {
	return func() error {
		m := start(3*time.Millisecond, sensor)
		<-m.Readings()
		time.Sleep(latency(500 * time.Microsecond)) // store it
		m.Stop()
		return nil
	}
}

func closeOnStop(every time.Duration, read func() float64) meter {
	return flaky.StartCloseOnStop(every, read)
}

func TestPanicCloseOnStop(t *testing.T) {
	conctest.Prove(t, conctest.Panic, "flaky.(*CloseOnStop).run", oneReading(closeOnStop), repeat)
}

func ExampleStartOwnerCloses() {
	m := flaky.StartOwnerCloses(time.Millisecond, sensor)
	fmt.Println(<-m.Readings())
	m.Stop()
	for range m.Readings() { // ends: run closes C when it returns
	}
	fmt.Println("stopped")
	// Output:
	// 21.5
	// stopped
}
