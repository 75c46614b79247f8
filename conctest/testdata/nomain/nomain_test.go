// Package nomain is a user's package whose TestMain forgot conctest.Main.
// conctest's own tests run it and expect the failure to say so.
package nomain

import (
	"sync"
	"testing"

	"github.com/racelab/racelab/conctest"
)

func racy() error {
	var n int
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { n++ })
	}
	wg.Wait()
	return nil
}

func TestRaceWithoutMain(t *testing.T) { conctest.Prove(t, conctest.Race, "nomain.racy", racy) }
