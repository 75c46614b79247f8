package locks_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// notify is the workload NotifyWhileUnsubscribing on l.
func notify(l lockstest.SubscriberList) func() error {
	return func() error { return lockstest.NotifyWhileUnsubscribing(l) }
}

// The race report names Unsubscribe's write, under the lock, and the
// caller's read, after Subscribers returned: the read is the workload's.
func TestRaceSharedSubscribers(t *testing.T) {
	conctest.Prove(t, conctest.Race, "locks.(*SharedSubscribers).Unsubscribe", notify(new(locks.SharedSubscribers)))
}

// The list the caller got changes on every run, under either build.
func TestLostSharedSubscribers(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "locks.SharedSubscribers", notify(new(locks.SharedSubscribers)))
}

func TestNoRaceClonedSubscribers(t *testing.T) {
	conctest.ProveClean(t, notify(new(locks.ClonedSubscribers)),
		conctest.Twin(conctest.Race, "locks.(*SharedSubscribers).Unsubscribe", notify(new(locks.SharedSubscribers))))
}

func ExampleClonedSubscribers() {
	var l locks.ClonedSubscribers
	l.Subscribe("a")
	l.Subscribe("b")
	subs := l.Subscribers()
	l.Unsubscribe("a")
	fmt.Println(subs, l.Subscribers())
	// Output: [a b] [b]
}
