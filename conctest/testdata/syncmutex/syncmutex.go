// Package syncmutex is a user's code: it locks sync.Mutex, which
// go-deadlock cannot see. conctest's own tests run its tests.
package syncmutex

import "sync"

type account struct {
	mu  sync.Mutex
	bal int
}

func transfer(from, to *account) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // in call order: AB here, BA in the other call
	defer to.mu.Unlock()
	from.bal--
	to.bal++
}

func bothWays() error {
	var a, b account
	transfer(&a, &b)
	transfer(&b, &a)
	return nil
}
