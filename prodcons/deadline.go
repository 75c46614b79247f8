package prodcons

import "time"

// Each variant of this lesson is a consumer that batches: it collects
// items until it holds max of them, items is closed, or wait has passed
// since the call, and returns the batch. Python's loop of
// q.get(timeout=...) with the time left.

// AfterEachItem selects on time.After(wait) inside its loop.
//
// Broken: each time round the loop, time.After starts a new timer, so
// the wait starts over at every item: a producer that sends an item a
// little faster than wait keeps the batch open until it is full,
// however long that takes. (Each timer is garbage once the loop moves
// on: since Go 1.23 the collector frees a timer nobody references, and
// go doc time.After says there is no reason to prefer NewTimer; before
// Go 1.23 each one stayed until it fired. The leak is gone; the reset
// deadline is not.) No detector sees it: the invariant does, counting a
// full batch from a producer slower than the batch's wait, exactly in a
// testing/synctest bubble, where the producer's pauses and the timers
// run on one fake clock.
func AfterEachItem(items <-chan int, max int, wait time.Duration) []int {
	var batch []int
	for len(batch) < max {
		select {
		case item, ok := <-items:
			if !ok {
				return batch
			}
			batch = append(batch, item)
		case <-time.After(wait): // a new timer each time round: the wait starts over
			return batch
		}
	}
	return batch
}

// OneDeadline starts one timer before the loop and selects on its
// channel every time round.
//
// Fixed: the deadline is set once, at the call, so the batch ends wait
// after it began whatever the items do. Clean under every detector.
func OneDeadline(items <-chan int, max int, wait time.Duration) []int {
	var batch []int
	deadline := time.After(wait) // one timer for the whole batch
	for len(batch) < max {
		select {
		case item, ok := <-items:
			if !ok {
				return batch
			}
			batch = append(batch, item)
		case <-deadline:
			return batch
		}
	}
	return batch
}
