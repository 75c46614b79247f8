// Package syncmutex is a user's package that locks sync.Mutex, which
// go-deadlock cannot see, and tears down after its tests through
// conctest.Main. conctest's own tests run it.
package syncmutex

import (
	"fmt"
	"os"
	"testing"

	"github.com/racelab/racelab/conctest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	conctest.Main(m, goleak.Cleanup(func(code int) {
		fmt.Println("syncmutex: teardown ran")
		os.Exit(code)
	}))
}

func TestLockOrderOfSyncMutex(t *testing.T) {
	conctest.Prove(t, conctest.LockOrder, "syncmutex.transfer", bothWays)
}

func TestNoLockOrderOfSyncMutex(t *testing.T) { conctest.ProveClean(t, bothWays) }
