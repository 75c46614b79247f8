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
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it. The code is plain Go, with
// sync's mutexes, as it would ship. Where a bad interleaving happens, a
// comment on a line of its own says so (// a writer's Lock may arrive
// here); the tests' builds make that line a point where a workload can
// hold the goroutine (internal/points). go-deadlock sees only its own
// mutexes, so it judges a build of its own in which sync.Mutex and
// sync.RWMutex are swapped for go-deadlock's (conctest/swap): its
// bookkeeping takes an internal mutex on every Lock and Unlock, which
// the race detector would see as synchronization, so the race detector
// judges the build with sync's. The workloads that drive the variants,
// and wait until a goroutine is really blocked, live in
// internal/lockstest, out of this package's API.
package locks
