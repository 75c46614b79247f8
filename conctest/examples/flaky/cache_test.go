package flaky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

type ttlCache interface {
	Set(key, value string)
	Get(key string) (string, bool)
	Close()
}

// serveTwo is the regression: a cache whose entries live 3 ms serves two
// lookups, 500 µs apart on average, and is closed.
func serveTwo(newCache func(time.Duration) ttlCache) func() error {
	return func() error {
		c := newCache(3 * time.Millisecond)
		c.Set("user:1", "ann")
		c.Set("user:2", "bob")
		c.Get("user:1")
		time.Sleep(latency(500 * time.Microsecond))
		c.Get("user:2")
		c.Close()
		return nil
	}
}

func expireUnlocked(ttl time.Duration) ttlCache { return flaky.NewExpireUnlocked(ttl) }

func TestRaceExpireUnlocked(t *testing.T) {
	conctest.Prove(t, conctest.Race, "flaky.(*ExpireUnlocked).Set", serveTwo(expireUnlocked), repeat)
}

func ExampleExpireLocked() {
	c := flaky.NewExpireLocked(time.Hour)
	defer c.Close()
	c.Set("user:1", "ann")
	fmt.Println(c.Get("user:1"))
	// Output: ann true
}
