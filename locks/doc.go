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
//  6. checkact.go: check, then act, in two steps ([LoadThenStore],
//     Python's `if key not in d: d[key] = v` under threads); one step
//     ([LoadOrStore]) or one critical section ([LockedClaim]).
//  7. escape.go: a slice returned from under the lock, whose array the
//     caller reads after Unlock ([SharedSubscribers], Python's
//     `return self._items`); a copy ([ClonedSubscribers]).
//  8. sendlocked.go: a send on a channel while holding the lock its
//     receiver needs ([SendLocked], Python's `q.put()` on a full queue
//     inside `with lock:`); send after Unlock ([SendUnlocked]).
//  9. once.go: double-checked initialization ([DoubleChecked], Python's
//     module-level cache filled under a lock after an unlocked `is
//     None` check); sync.Once ([OnceInit]).
//  10. semaphore.go: no bound at all ([Unbounded], Python's thread per
//     task), a permit leaked on an error path ([ReleaseOnSuccess]), and
//     the fixes [DeferRelease] (Python's `with sem:`) and [Weighted]
//     (golang.org/x/sync/semaphore).
//  11. event.go: Python's threading.Event: a polled flag ([FlagEvent];
//     testdata/spinflag is the same flag in an empty loop, which
//     staticcheck sees), a double Set ([CloseEvent]), and the fixes
//     [OnceEvent] and [ContextEvent].
//  12. cond.go: sync.Cond: if instead of for ([WaitInIf]), Wait without
//     the lock ([WaitUnlocked]), Signal instead of Broadcast
//     ([SignalOnClose]), the fix [WaitLoop], and when a channel is the
//     better tool.
//  13. copylock.go: a mutex copied by value, which only go vet sees (the
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
