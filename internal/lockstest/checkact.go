package lockstest

import (
	"fmt"
	"sync/atomic"

	"github.com/racelab/racelab/internal/window"
)

// Names is what LoadThenStore, LoadOrStore and LockedClaim implement.
type Names interface {
	Claim(name, owner string) bool
	Owner(name string) string
}

// ClaimTwice has alice claim a name in one goroutine and, if r has a
// window in Claim (between its check and its store), holds her Claim
// there while bob claims the same name in another: the interleaving in
// which both find the name free, made certain. A registry without a
// window runs alice's Claim to its end, then bob's. It returns an error
// unless exactly one Claim won and the owner recorded is the winner.
func ClaimTwice(r Names) error {
	held, released, aliceDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var entered atomic.Bool
	windowed := window.Set(r, func() {
		if entered.CompareAndSwap(false, true) { // only alice's Claim waits
			close(held)
			<-released
		}
	})
	var alice bool
	go func() {
		defer close(aliceDone)
		alice = r.Claim("printer", "alice")
	}()
	select { // a registry without a window never opens one
	case <-held:
	case <-aliceDone:
	}
	bob := r.Claim("printer", "bob")
	close(released)
	<-aliceDone
	if windowed {
		window.Set(r, nil)
	}
	owner := r.Owner("printer")
	switch {
	case alice && bob:
		return fmt.Errorf("%T: both claimed %q: alice's Claim and bob's both returned true; the owner recorded is %s",
			r, "printer", owner)
	case !alice && !bob:
		return fmt.Errorf("%T: neither Claim of %q returned true; the owner recorded is %q", r, "printer", owner)
	case alice && owner != "alice", bob && owner != "bob":
		return fmt.Errorf("%T: alice's Claim returned %v and bob's %v, but the owner recorded is %q", r, alice, bob, owner)
	}
	return nil
}
