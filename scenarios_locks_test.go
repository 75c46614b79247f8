package racelab

import (
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/lockstest"
	"github.com/racelab/racelab/locks"
)

// stuck are the cells of a mutex deadlock that go-deadlock predicts
// (Recursive, at the second lock) and then sees waiting (LockTimeout):
// the watchdog finds the goroutines blocked and goleak finds them left
// over. synctest cannot help: a goroutine blocked on a mutex is not
// durably blocked, so a bubble would hang too.
var stuck = cells{race: "Clean", goleak: "Leak", deadlock: "Recursive+LockTimeout", synctest: "n/a",
	runtime: "Clean", invariant: "Clean", watchdog: "Hang"}

// The mutex lessons' workloads (internal/lockstest), on its interfaces.
func deposits(workers, n int) workload {
	return on(func(l lockstest.Ledger) error { return lockstest.Deposits(l, workers, n) })
}

func bothWays(rounds int) workload {
	return on(func(f lockstest.Transfer) error { return lockstest.TransferBothWays(f, rounds) })
}

func adds(workers, n int) workload {
	return on(func(g lockstest.Gauge) error { return lockstest.AddConcurrently(g, workers, n) })
}

var transfer = value[lockstest.Transfer]

// locksRows are the catalog rows of the locks package's mutex lessons (see scenarios_test.go
// for the row format), in the package's reading order.
var locksRows = []row{
	{variant: "locks.Relock", make: fresh[locks.Relock], work: deposits(2, 100),
		verdict: conctest.Recursive, blame: "locks.(*Relock).Balance", proof: "TestHangRelock", want: stuck,
		noBubble: "the second Lock waits on a sync.Mutex, and a goroutine waiting in Lock is not durably blocked (go doc testing/synctest): in a bubble the deadlock would hang, not be reported"},
	{variant: "locks.LockedHelper", make: fresh[locks.LockedHelper], work: deposits(2, 100), twin: "locks.Relock", proof: "TestNoRecursiveLockedHelper", want: clean,
		noBubble: "its goroutines wait only to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest): a bubble could not report its twin's deadlock either"},
	// A writer is made to wait between the two RLocks, so the nested one
	// really blocks.
	{variant: "locks.NestedRLock", make: fresh[locks.NestedRLock], work: on(lockstest.WriterBetweenRLocks),
		verdict: conctest.Recursive, blame: "locks.(*NestedRLock).Len", proof: "TestHangNestedRLock", want: stuck,
		noBubble: "the nested RLock waits on a sync.RWMutex, and a goroutine waiting to lock one is not durably blocked (go doc testing/synctest): in a bubble the deadlock would hang, not be reported"},
	{variant: "locks.OneRLock", make: fresh[locks.OneRLock], work: on(lockstest.WriterBetweenRLocks), twin: "locks.NestedRLock", proof: "TestNoRecursiveOneRLock", want: clean,
		noBubble: "its goroutines wait only to lock a sync.RWMutex, which is not durably blocking (go doc testing/synctest): a bubble could not report its twin's deadlock either"},
	{variant: "locks.WriteUnderRLock", make: fresh[locks.WriteUnderRLock], work: on(lockstest.ReadersAtOnce),
		verdict: conctest.Race, blame: "locks.(*WriteUnderRLock).Get",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the write under the read lock is a data race, which the race detector reports; the goroutines wait only on a sync.RWMutex, which is not durably blocking (go doc testing/synctest): a bubble adds nothing"},
	{variant: "locks.WriteUnderLock", make: fresh[locks.WriteUnderLock], work: on(lockstest.ReadersAtOnce), twin: "locks.WriteUnderRLock", proof: "TestNoRaceWriteUnderLock", want: clean,
		noBubble: "its goroutines wait only to lock a sync.RWMutex, which is not durably blocking (go doc testing/synctest); its twin's bug is a data race, which the race detector reports"},
	// The transfers take turns, so this run never deadlocks: go-deadlock
	// reports the inverted order all the same.
	{variant: "locks.TransferInCallOrder", make: transfer(locks.TransferInCallOrder), work: bothWays(2),
		verdict: conctest.LockOrder, blame: "locks.TransferInCallOrder",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "LockOrder", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the transfers take turns, so this run never deadlocks, and an AB-BA deadlock waits on sync.Mutexes, which is not durably blocking (go doc testing/synctest): a bubble would hang on one, not report it; the lock order is go-deadlock's to see"},
	{variant: "locks.TransferByID", make: transfer(locks.TransferByID), work: bothWays(2), twin: "locks.TransferInCallOrder", proof: "TestNoLockOrderTransferByID", want: clean,
		noBubble: "its goroutines wait only to lock sync.Mutexes, which is not durably blocking (go doc testing/synctest): a bubble could not report its twin's deadlock either"},
	// The next caller waits for a lock nobody will release: no recursion
	// (another goroutine holds nothing), only the wait.
	{variant: "locks.EarlyReturn", make: fresh[locks.EarlyReturn], work: on(lockstest.WithdrawAfterShortfall),
		verdict: conctest.LockTimeout, blame: "locks.(*EarlyReturn).Withdraw", proof: "TestHangEarlyReturn",
		want:     cells{race: "Clean", goleak: "Leak", deadlock: "LockTimeout", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Hang"},
		noBubble: "the next caller waits to lock a sync.Mutex that nobody unlocks, and a goroutine waiting in Lock is not durably blocked (go doc testing/synctest): a bubble would hang, not report it"},
	{variant: "locks.DeferUnlock", make: fresh[locks.DeferUnlock], work: on(lockstest.WithdrawAfterShortfall), twin: "locks.EarlyReturn", proof: "TestNoLockTimeoutDeferUnlock", want: clean,
		noBubble: "its goroutines wait only to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest): a bubble could not report its twin's stuck caller either"},
	// Two Claims both pass the check: sync.Map is safe, the pair of
	// calls is not, and only the invariant sees it.
	{variant: "locks.LoadThenStore", make: fresh[locks.LoadThenStore], work: on(lockstest.ClaimTwice),
		verdict: conctest.Lost, blame: "locks.LoadThenStore", proof: "TestLostLoadThenStore",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"},
		noBubble: "sync.Map's calls wait, if at all, on its internal sync.Mutex, which is not durably blocking (go doc testing/synctest), and nothing is left blocked: the bug is a claim won twice, which only the invariant counts"},
	{variant: "locks.LoadOrStore", make: fresh[locks.LoadOrStore], work: on(lockstest.ClaimTwice), twin: "locks.LoadThenStore", proof: "TestNoLostLoadOrStore", want: clean,
		noBubble: "sync.Map's calls wait, if at all, on its internal sync.Mutex, which is not durably blocking (go doc testing/synctest); its twin's bug is a claim won twice, which only the invariant counts"},
	{variant: "locks.LockedClaim", make: fresh[locks.LockedClaim], work: on(lockstest.ClaimTwice), twin: "locks.LoadThenStore", proof: "TestNoLostLockedClaim", want: clean,
		noBubble: "Claim and Owner wait only to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest); its twin's bug is a claim won twice, which only the invariant counts"},
	// The caller reads the array the lock guards after Unlock, while an
	// Unsubscribe shifts it under the lock.
	{variant: "locks.SharedSubscribers", make: fresh[locks.SharedSubscribers], work: on(lockstest.NotifyWhileUnsubscribing),
		verdict: conctest.Race, blame: "locks.(*SharedSubscribers).Unsubscribe", proof: "TestLostSharedSubscribers",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"},
		noBubble: "the read after Unlock is a data race, which the race detector reports, and the changed list is the invariant's to see; the goroutines wait only on a sync.Mutex, which is not durably blocking (go doc testing/synctest): a bubble adds nothing"},
	{variant: "locks.ClonedSubscribers", make: fresh[locks.ClonedSubscribers], work: on(lockstest.NotifyWhileUnsubscribing), twin: "locks.SharedSubscribers", proof: "TestNoRaceClonedSubscribers", want: clean,
		noBubble: "its goroutines wait only to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest); its twin's bug is a data race, which the race detector reports"},
	// Post holds mu in its send; Read waits for mu before it receives.
	{variant: "locks.SendLocked", make: made(locks.NewSendLocked), work: on(lockstest.ReadAfterPost),
		verdict: conctest.LockTimeout, blame: "locks.(*SendLocked).Read", proof: "TestHangSendLocked",
		want:     cells{race: "Clean", goleak: "Leak", deadlock: "LockTimeout", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Hang"},
		noBubble: "Read waits to lock a sync.Mutex, and a goroutine waiting in Lock is not durably blocked (go doc testing/synctest): though Post's send is, a bubble would hang on Read, not report the deadlock"},
	{variant: "locks.SendUnlocked", make: made(locks.NewSendUnlocked), work: on(lockstest.ReadAfterPost), twin: "locks.SendLocked", proof: "TestNoLockTimeoutSendUnlocked", want: clean,
		noBubble: "Read waits to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest): a bubble could not report its twin's deadlock either"},
	// Two first calls at once: the unlocked nil check races with the
	// load's write.
	{variant: "locks.DoubleChecked", make: fresh[locks.DoubleChecked], work: on(lockstest.FirstRates),
		verdict: conctest.Race, blame: "locks.(*DoubleChecked).Rate",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "the unlocked check is a data race, which the race detector reports; the goroutines wait only on a sync.Mutex, which is not durably blocking (go doc testing/synctest): a bubble adds nothing"},
	{variant: "locks.OnceInit", make: fresh[locks.OnceInit], work: on(lockstest.FirstRates), twin: "locks.DoubleChecked", proof: "TestNoRaceOnceInit", want: clean,
		noBubble: "a second caller waits in Do on sync.Once's internal sync.Mutex, which is not durably blocking (go doc testing/synctest); its twin's bug is a data race, which the race detector reports"},
	// vet-only: the copy is rejected by go vet, so it never runs; the
	// fix's twin is its mutation addsToCopy, below.
	{variant: "locks.CopyValue", verdict: conctest.Vet, blame: "passes lock by value", vet: "locks/testdata/copylock",
		want: cells{"n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "Vet"}},
	{variant: "locks.PointerReceiver", make: fresh[locks.PointerReceiver], work: adds(4, 1000), twin: "racelab.addsToCopy", want: clean,
		noBubble: "Add and Value wait only to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest); its twin's bug is a lost update, a wrong total that the invariant counts"},
}

// mutations are fixes mutated in one line, declared where no broken
// variant can run a fix's workload: each is a twin, never a row.
var mutations = []row{
	{variant: "racelab.addsToCopy", make: func() any { return addsToCopy{new(locks.PointerReceiver)} },
		verdict: conctest.Lost, blame: "racelab.addsToCopy"},
}

// addsToCopy is locks.PointerReceiver with the bug of locks.CopyValue in
// a form go vet lets compile: each Add goes to a gauge of its own, as a
// value receiver's copy would, so every Add is lost and no two goroutines
// ever share memory for the race detector to see.
type addsToCopy struct{ *locks.PointerReceiver }

func (addsToCopy) Add(d int) { new(locks.PointerReceiver).Add(d) } // mutated: g.Add(d), on the gauge itself
