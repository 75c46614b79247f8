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
//  1. reentrant.go: re-locking a held mutex, the code Python's RLock
//     allows ([Relock]), and the Go idiom: lock at the exported boundary,
//     ...Locked helpers below it ([LockedHelper]).
//  2. rlock.go: a nested RLock while a writer waits, the "RWR" deadlock
//     ([NestedRLock]); one RLock at the boundary ([OneRLock]).
//  3. rwwrite.go: a write done under the read lock ([WriteUnderRLock]);
//     Lock for writes ([WriteUnderLock]).
//  4. lockorder.go: two locks taken in call order, both ways round
//     ([TransferInCallOrder]); one global order, by ID ([TransferByID]).
//  5. unlock.go: an early return that keeps the lock ([EarlyReturn]);
//     defer Unlock ([DeferUnlock]).
//  6. semaphore.go: no bound at all ([Unbounded], Python's thread per
//     task), a permit leaked on an error path ([ReleaseOnSuccess]), and
//     the fixes [DeferRelease] (Python's `with sem:`) and [Weighted]
//     (golang.org/x/sync/semaphore).
//  7. event.go: Python's threading.Event: a polled flag ([FlagEvent];
//     testdata/spinflag is the same flag in an empty loop, which
//     staticcheck sees), a double Set ([CloseEvent]), and the fixes
//     [OnceEvent] and [ContextEvent].
//  8. cond.go: sync.Cond: if instead of for ([WaitInIf]), Wait without
//     the lock ([WaitUnlocked]), Signal instead of Broadcast
//     ([SignalOnClose]), the fix [WaitLoop], and when a channel is the
//     better tool.
//  9. copylock.go: a mutex copied by value, which only go vet sees (the
//     broken form, CopyValue, lives in testdata/copylock because vet
//     rejects it); pointer receivers ([PointerReceiver]).
//  10. window.go: the point in a critical section where a test can hold
//     a goroutine (r.inWindow() in a lesson marks it). The workloads that
//     drive the variants, and wait until a goroutine is really blocked,
//     live in internal/lockstest, out of this package's API.
//
// A caution the tests ran into: go-deadlock's bookkeeping takes one
// internal mutex on every Lock and Unlock, which the race detector sees
// as synchronization. Two accesses under go-deadlock locks that do not
// overlap in time may then go unreported; the race workloads here make
// them overlap.
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it. Mutexes are go-deadlock's
// drop-in replacements for sync's, so the deadlock detector watches every
// lock; in your own code, write sync.Mutex.
package locks
