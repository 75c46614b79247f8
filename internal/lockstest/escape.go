package lockstest

import (
	"fmt"
	"slices"
	"sync"
)

// A SubscriberList is what SharedSubscribers and ClonedSubscribers
// implement.
type SubscriberList interface {
	Subscribe(s string)
	Unsubscribe(s string)
	Subscribers() []string
}

// NotifyWhileUnsubscribing subscribes a, b and c, takes the list with
// Subscribers and, as a notifier would, reads each subscriber of it,
// while another goroutine, started once the list is taken, unsubscribes
// a. Only the lock can order the reads with that Unsubscribe, and the
// reads come after Subscribers has returned. It returns an error if the
// list the caller got changed after it was returned, or if the
// Unsubscribe was lost.
func NotifyWhileUnsubscribing(l SubscriberList) error {
	want := []string{"a", "b", "c"}
	for _, s := range want {
		l.Subscribe(s)
	}
	got := l.Subscribers()
	taken := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		<-taken
		l.Unsubscribe("a")
	})
	close(taken)
	var notified []string
	for _, s := range got {
		notified = append(notified, "to "+s) // each subscriber, notified
	}
	wg.Wait()
	if !slices.Equal(got, want) {
		return fmt.Errorf("%T: the list Subscribers returned went from %q to %q after an Unsubscribe(%q) (notified: %q): the caller reads the array the lock guards",
			l, want, got, "a", notified)
	}
	if after, want := l.Subscribers(), want[1:]; !slices.Equal(after, want) {
		return fmt.Errorf("%T.Subscribers() = %q after Unsubscribe(%q), want %q", l, after, "a", want)
	}
	return nil
}
