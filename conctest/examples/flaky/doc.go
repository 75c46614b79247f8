// Package flaky holds bugs that show only sometimes: reductions of real
// regressions, as a team would write them down, each beside its fix. Run
// once, each shows in between one and thirty runs in a hundred; proven
// with conctest.Repeat, each is found in one call, in well under a
// second as a rule.
//
// To prove your own flaky regression, write the run that sometimes fails
// as a func() error (an error when its invariant breaks; a leak, a race or
// a deadlock the detectors see by themselves), and repeat it:
//
//	func TestLeakLookup(t *testing.T) {
//		conctest.Prove(t, conctest.Leak, "cache.(*Client).lookup", oneLookup,
//			conctest.Repeat(0, 10*time.Second))
//	}
//
// The child process runs oneLookup again and again, as many times as ten
// seconds allow, stops at the first finding, and the proof says when it
// came: "found at try 16 of as many as the budget allowed, after 585ms". Once
// fixed, ProveClean with the same Repeat runs the fix every try, and Twin
// runs the same workload on the broken code to show the proof can fail.
// Copies(n) runs n at once per try; Timeout shortens the watchdog of a
// workload that normally takes milliseconds. The code locks sync's
// mutexes; the go-deadlock proofs (bank.go's LockOrder, sessions.go's
// Recursive) run in the go-deadlock build, which conctest/cmd/swap makes
// with go-deadlock's in their place, and skip in the plain build.
//
// The bugs, one file each, the broken code first:
//
//  1. lookup.go: a goroutine leaked when the caller's context ends first
//     (LookupUnbuffered; Lookup).
//  2. batcher.go: a goroutine left waiting for a timer that Close stopped
//     (StopBatcher; FireBatcher).
//  3. feed.go: a lock held during a channel send that the lock's next
//     waiter would drain (SendLocked; SendUnlocked).
//  4. sessions.go: a nested RLock, on an error path, that a waiting
//     writer turns into a deadlock (NestedRLock; LenLocked).
//  5. bank.go: two locks taken in map order, AB-BA now and then
//     (MapOrderBank; SortedBank).
//  6. fetch.go: a WaitGroup's Done called twice on an error path
//     (DoneTwice; DeferDone).
//  7. meter.go: a channel closed while its sender may still send
//     (CloseOnStop; OwnerCloses).
//  8. call.go: a channel closed twice when a timer and the work both
//     finish a call (StopIgnored; StopChecked).
//  9. queue.go: a Cond signal that wakes one of two waiting workers
//     (SignalClose; BroadcastClose).
//  10. conn.go: double-checked initialization, read outside the lock
//     (DoubleChecked; OnceConn).
//  11. cache.go: a map written from a time.AfterFunc callback
//     (ExpireUnlocked; ExpireLocked).
//  12. register.go: check, then act, in two critical sections
//     (CheckThenStore; StoreFirst).
//
// Each workload gets its flakiness as a real one does: from latencies
// (exponentially distributed, see latency in main_test.go), timers and
// the scheduler, and from Go's random map order; none forces a schedule.
package flaky
