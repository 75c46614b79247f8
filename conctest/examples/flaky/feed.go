package flaky

import "sync"

// A feed delivers every message published to each subscriber's channel,
// which has room for one message, and remembers the last one.
type feed struct {
	mu   sync.Mutex
	subs []chan string
	last string
}

// Subscribe returns a channel that receives every message from now on.
func (f *feed) Subscribe() <-chan string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan string, 1)
	f.subs = append(f.subs, ch)
	return ch
}

// Last returns the last message published.
func (f *feed) Last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

// SendLocked is a feed whose Publish sends while it holds the lock, "so
// that every subscriber sees messages in the same order".
//
// Broken: a subscriber that calls Last while its channel is full waits
// for the lock, which Publish holds while it waits for that subscriber
// to make room: neither moves again. It needs two messages to come while
// the subscriber handles one, so it shows only when the subscriber is
// slow. The watchdog's dump shows Publish in its send and the subscriber
// in Last; goleak lists both; go-deadlock, given half a second, reports
// the wait for the lock.
type SendLocked struct{ feed }

func (f *SendLocked) Publish(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last = msg
	for _, ch := range f.subs {
		ch <- msg // holds f.mu until the subscriber makes room
	}
}

// SendUnlocked is a feed whose Publish copies what it needs under the
// lock and sends after it has unlocked.
//
// Fixed: a subscriber's call to Last never waits for a blocked send.
// Publish still orders the messages, as long as it is called from one
// goroutine. Clean under every detector.
type SendUnlocked struct{ feed }

func (f *SendUnlocked) Publish(msg string) {
	f.mu.Lock()
	f.last = msg
	subs := f.subs
	f.mu.Unlock()
	for _, ch := range subs {
		ch <- msg // no lock held
	}
}
