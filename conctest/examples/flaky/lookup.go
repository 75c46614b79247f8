package flaky

import "context"

// LookupUnbuffered asks fetch for key's value in a goroutine and gives up
// when ctx is done.
//
// Broken: when ctx is done first, nobody will ever receive from ch, and
// the goroutine blocks in its send forever: one goroutine leaked per call
// that timed out. It shows only when fetch is slower than the deadline,
// in the tail of its latency. goleak lists the goroutine.
func LookupUnbuffered(ctx context.Context, key string, fetch func(string) string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- fetch(key) // after a timeout, nobody receives
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Lookup is LookupUnbuffered with room in ch for the one answer.
//
// Fixed: the send never waits, so the goroutine ends when fetch returns,
// whether or not anybody still listens. After a timeout it runs on for as
// long as fetch takes, no longer: goleak waits for it. Clean under every
// detector.
func Lookup(ctx context.Context, key string, fetch func(string) string) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- fetch(key) // room for the answer: never blocks
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
