package locks

import (
	"slices"
	"sync"
)

// SharedSubscribers is a subscriber list whose Subscribers returns the
// slice it holds, from under the lock, for the caller to notify each
// subscriber without holding it.
//
// Broken: returning a slice copies its header (pointer, length,
// capacity), not its backing array, so the caller reads the array the
// lock guards after Unlock. An Unsubscribe meanwhile shifts the later
// subscribers down in that array, under the lock, and clears the last:
// the caller's slice changes under it, and it may skip a subscriber
// and notify "" in its place. The race detector reports the caller's
// read against Unsubscribe's write, and the invariant (the caller's
// list stays as it was returned) sees the change, on every run in which
// an Unsubscribe follows the Subscribers that the caller still reads.
type SharedSubscribers struct {
	mu   sync.Mutex
	subs []string
}

func (l *SharedSubscribers) Subscribe(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.subs = append(l.subs, s)
}

func (l *SharedSubscribers) Unsubscribe(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := slices.Index(l.subs, s); i >= 0 {
		l.subs = slices.Delete(l.subs, i, i+1) // shifts the array in place
	}
}

func (l *SharedSubscribers) Subscribers() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.subs // the backing array escapes the lock
}

// ClonedSubscribers is SharedSubscribers whose Subscribers returns a
// copy, made under the lock.
//
// Fixed: the caller gets an array of its own, which no later write
// touches; everything that reads the guarded array does so under the
// lock. Clean under every detector. maps.Clone does the same for a map;
// when a copy costs too much, do the work under the lock instead.
type ClonedSubscribers struct {
	mu   sync.Mutex
	subs []string
}

func (l *ClonedSubscribers) Subscribe(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.subs = append(l.subs, s)
}

func (l *ClonedSubscribers) Unsubscribe(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := slices.Index(l.subs, s); i >= 0 {
		l.subs = slices.Delete(l.subs, i, i+1)
	}
}

func (l *ClonedSubscribers) Subscribers() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.subs) // a copy the caller owns
}
