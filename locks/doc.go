// Package locks retells Python's threading lessons (Lock, RLock,
// Semaphore, Event, Condition, "deadlock") for Go, where every goroutine
// may run in parallel.
//
// Go has no reentrant mutex: a goroutine that locks a sync.Mutex it
// already holds blocks forever. And sync.RWMutex's RLock is a reader lock,
// not Python's RLock: it lets many readers in at once, and a second RLock
// by the same goroutine can deadlock once a writer is waiting. This
// package teaches both.
//
// Reading order:
//
//  1. reentrant.go: re-locking a held mutex (Python's RLock), and the Go
//     idiom: lock at the exported boundary, ...Locked helpers below it.
//  2. rlock.go: a recursive RLock with a writer waiting (the "RWR"
//     deadlock).
//  3. rwwrite.go: a write done under RLock.
//  4. lockorder.go: two locks taken in opposite orders (AB-BA).
//  5. unlock.go: an early return that forgets to unlock.
//  6. semaphore.go: a leaked permit, and no bound at all.
//  7. event.go: Python's threading.Event: a polled flag, a double Set.
//  8. cond.go: sync.Cond: if instead of for, Signal instead of
//     Broadcast, Wait without the lock.
//  9. testdata/copylock: a mutex copied by value, which only go vet sees.
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it. Mutexes are go-deadlock's
// drop-in replacements for sync's, so the deadlock detector watches every
// lock; in your own code, write sync.Mutex.
package locks
