package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// readAfterPost is the workload ReadAfterPost on b.
func readAfterPost(b lockstest.Mailbox) func() error {
	return func() error { return lockstest.ReadAfterPost(b) }
}

func TestLockTimeoutSendLocked(t *testing.T) {
	conctest.Prove(t, conctest.LockTimeout, "locks.(*SendLocked).Read", readAfterPost(locks.NewSendLocked()))
}

// Post never returns from its send, nor Read from its Lock: the
// watchdog finds both.
func TestHangSendLocked(t *testing.T) {
	t.Parallel() // the watchdog's wait is a wait, not work: it runs beside the other proofs
	conctest.Prove(t, conctest.Hang, "locks.(*SendLocked).Post", readAfterPost(locks.NewSendLocked()))
}

func TestNoLockTimeoutSendUnlocked(t *testing.T) {
	conctest.ProveClean(t, readAfterPost(locks.NewSendUnlocked()),
		conctest.Twin(conctest.LockTimeout, "locks.(*SendLocked).Read", readAfterPost(locks.NewSendLocked())))
}

func ExampleSendUnlocked() {
	b := locks.NewSendUnlocked()
	go b.Post("hello")
	fmt.Println(b.Read())
	// Output: hello
}
