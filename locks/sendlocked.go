package locks

import "sync"

// SendLocked is a mailbox that hands each message to a reader over an
// unbuffered channel, and counts what is posted and read under one lock.
// Post sends while it holds the lock; Read takes the lock, to count,
// before it receives.
//
// Broken: a Post that holds mu and waits in its send for a reader, and
// a Read that waits for mu before it will receive, wait for each other
// forever. go-deadlock reports LockTimeout at Read's Lock, naming
// Post's Lock as the one held and showing Post in its send; the
// watchdog sees both goroutines stuck, and goleak finds them left over.
type SendLocked struct {
	mu           sync.Mutex
	posted, read int
	ch           chan string
}

func NewSendLocked() *SendLocked { return &SendLocked{ch: make(chan string)} }

func (b *SendLocked) Post(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.posted++
	b.ch <- msg // sends holding mu: a reader must get past Read's Lock to receive
}

func (b *SendLocked) Read() string {
	b.mu.Lock()
	b.read++
	b.mu.Unlock()
	return <-b.ch
}

func (b *SendLocked) Counts() (posted, read int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.posted, b.read
}

// SendUnlocked is SendLocked whose Post unlocks before it sends.
//
// Fixed: a Post waiting in its send holds no lock, so a Read can take
// mu, count, and receive. The rule: never block on a channel (or call
// out to code you do not control) while holding a lock. Clean under
// every detector.
type SendUnlocked struct {
	mu           sync.Mutex
	posted, read int
	ch           chan string
}

func NewSendUnlocked() *SendUnlocked { return &SendUnlocked{ch: make(chan string)} }

func (b *SendUnlocked) Post(msg string) {
	b.mu.Lock()
	b.posted++
	b.mu.Unlock()
	b.ch <- msg // sends after Unlock
}

func (b *SendUnlocked) Read() string {
	b.mu.Lock()
	b.read++
	b.mu.Unlock()
	return <-b.ch
}

func (b *SendUnlocked) Counts() (posted, read int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.posted, b.read
}
