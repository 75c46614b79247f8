package prodcons

import "time"

// Each variant of this lesson flushes a batch of items when no item has
// come for idle, and the rest when items is closed; it returns then.
// Python's q.get(timeout=idle) in a loop, flushing on queue.Empty.

// DrainAfterStop re-arms its timer at each item with the drain that the
// time docs prescribed before Go 1.23: if Stop returns false, receive
// the stale tick, then Reset.
//
// Broken: Stop returns false also when the tick was already received,
// here by the select's idle case, and the drain then waits for a tick
// that will never come: the first item after an idle flush blocks the
// flusher forever, and its producer with it. Before Go 1.23 the timer's
// channel had a buffer of one, so a Reset without the drain could leave
// a stale tick behind (an early flush); since Go 1.23 the channel is
// unbuffered and Reset alone guarantees that no stale tick is received
// (go doc time.Timer.Reset), so the drain is never needed, and this
// blocking drain is the bug that remains. In a testing/synctest bubble
// every goroutine is then blocked; goleak lists them, and in a plain run
// the watchdog reports the hang.
func DrainAfterStop(items <-chan int, idle time.Duration, flush func([]int)) {
	t := time.NewTimer(idle)
	var batch []int
	for {
		select {
		case item, ok := <-items:
			if !ok {
				flush(batch)
				return
			}
			batch = append(batch, item)
			if !t.Stop() {
				<-t.C // after an idle flush the tick is gone: blocks forever
			}
			t.Reset(idle)
		case <-t.C: // idle: the timer has fired and its tick is received
			flush(batch)
			batch = nil
		}
	}
}

// ResetOnly re-arms its timer at each item with Reset alone.
//
// Fixed: as of Go 1.23 (a go.mod that says go 1.23 or later), no tick
// from before a Reset is received after it, whether the timer had fired
// or not, so there is nothing to drain and nothing to block on. Clean
// under every detector.
func ResetOnly(items <-chan int, idle time.Duration, flush func([]int)) {
	t := time.NewTimer(idle)
	var batch []int
	for {
		select {
		case item, ok := <-items:
			if !ok {
				flush(batch)
				return
			}
			batch = append(batch, item)
			t.Reset(idle) // Go 1.23: no stale tick after Reset, fired or not
		case <-t.C:
			flush(batch)
			batch = nil
		}
	}
}
