package lockstest

import (
	"fmt"
	"runtime"
)

// A Mailbox is what SendLocked and SendUnlocked implement.
type Mailbox interface {
	Post(msg string)
	Read() string
	Counts() (posted, read int)
}

// ReadAfterPost posts a message in one goroutine and, once that Post
// waits in its send for a reader, reads it in another, as a reader that
// comes late would: the order in which a Post that holds its lock
// across the send deadlocks, made certain. It returns an error if the
// Read got another message or the counts are wrong.
func ReadAfterPost(b Mailbox) error {
	posted := make(chan struct{})
	go func() {
		defer close(posted)
		b.Post("hello")
	}()
	for !parked("chan send", ").Post(") {
		runtime.Gosched()
	}
	got := make(chan string)
	go readMail(b, got)
	if msg := <-got; msg != "hello" {
		return fmt.Errorf("%T.Read() = %q, want %q", b, msg, "hello")
	}
	<-posted
	if p, r := b.Counts(); p != 1 || r != 1 {
		return fmt.Errorf("%T.Counts() = %d, %d after one Post and one Read, want 1, 1", b, p, r)
	}
	return nil
}

// readMail calls Read and sends what it returns; its name marks it in
// goroutine dumps.
func readMail(b Mailbox, got chan<- string) { got <- b.Read() }
