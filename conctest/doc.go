// Package conctest proves concurrency bugs and their fixes: that broken
// code fails the way its lesson says, under the detector that should catch
// it, and that fixed code is clean under every detector at once.
//
// A proof runs the function under test in a child process: the test binary
// re-executed with -test.run naming the calling test. A race fails the
// test it happens in, go-deadlock exits the process, synctest panics and a
// concurrent map write is fatal; in a child, each of these is a verdict
// the parent reads instead of a crash of the suite. The child reports
// what each detector said on a channel of its own, which the code under
// test cannot write; what that code prints is shown, never read for a
// verdict. Every child is bounded: a watchdog dumps every goroutine when
// the function has not returned after 1.5 s (5 s when proving a fix
// clean or any verdict but Hang; see Timeout), and the parent kills the
// child's process group past a hard deadline. The test's own setup
// before the call, which the child runs again to reach it, is bounded by
// the test's deadline. go-deadlock calls a lock waited on longer than
// 500 ms (2 s when proving a fix clean) a LockTimeout. A call's runs (its
// plain run, its bubble run, its twin's, in that order) share one child
// while each leaves it as a new process would be: a wrong result does;
// any other finding ends the child, and the runs it did not make get a
// child each. Where go-deadlock's lock is in the binary, each run gets its
// own; CONCTEST_STEPS=off does that everywhere. With CONCTEST_RECORD
// naming a directory, each test process leaves a Record of every call
// there, which another process of the same run can read (AwaitRecord).
//
// Use it from a package's tests:
//
//	func TestMain(m *testing.M) { conctest.Main(m) }
//
//	func TestRaceUnsync(t *testing.T) {
//		conctest.Prove(t, conctest.Race, "counter.(*Unsync).Inc", hammerUnsync)
//	}
//
//	func TestNoRaceMutex(t *testing.T) {
//		conctest.ProveClean(t, hammerMutex)
//	}
//
// A proof names its evidence: Prove passes only if the report of the
// expected verdict also names the expected function, so an incidental race
// in the harness never passes as proof, and "the child failed" alone
// proves nothing. The blame is read in that verdict's own evidence (a
// race's access stacks, go-deadlock's lock sites, the goroutine that
// panicked, the goroutines fn started or is blocked in), in the frames
// of the code under test only: never conctest's, testing's, the
// runtime's, the standard library's or a detector's, and never a
// "created by" line. It names a function as "pkg.Func" or
// "pkg.(*T).Method", with or without the package's import path; a
// function names its closures and a type its methods, and type
// arguments are ignored. A Panic may also be blamed by its message,
// whole or its part before the first ": ", and a Lost by a phrase of
// whole words of the invariant's message. Diagnose runs a function of
// unknown fault under every detector and returns every verdict, which
// answers "what is wrong here?" in one call; given a Twin, it runs the
// twin after fn in the same child and returns what the twin's run said
// apart, which (*Report).Prove checks as Prove would. The bugs go vet and
// staticcheck see are proven by the package conctest/static. A table of
// subtests that call conctest runs its rows with Run, as with t.Run: a
// child then starts only the row of its call.
//
// The function under test returns a non-nil error when its own invariant
// does not hold (a wrong total, a lost item); that is the Lost verdict.
//
// Limitations, stated plainly:
//   - The race detector sees only happens-before within one process: not
//     memory mapped from files or shared with other processes, and not
//     accesses whose history it has recycled. Keep broken race scenarios
//     tiny.
//   - go-deadlock sees only its own Mutex and RWMutex, and the race
//     detector sees them as synchronization. Code under test that locks
//     sync's gets go-deadlock's in the go-deadlock build, which
//     conctest/cmd/swap makes as an overlay with the source untouched,
//     and go-deadlock alone judges that build; in a binary without them,
//     go-deadlock proofs skip and say so.
//   - goleak takes about half a second to report a leak: it retries first.
//   - A synctest bubble sees channels, sync.Cond and sync.WaitGroup as
//     durably blocked, but not sync.Mutex or I/O: those hang instead.
//   - Without -race, race proofs skip with a message; they never pass.
//   - The race detector sees sync.Pool's Put and Get as synchronizing, and
//     fmt, log and many encoders use a pool: two goroutines that each
//     call fmt.Sprintf in the loop around a racy write were reported in 0
//     of 80 runs at GOMAXPROCS=1 and 57 of 80 at 2 (80 of 80 at both
//     without the fmt call). Keep a race workload's goroutines short and
//     free of logging; start them with Together.
//   - Repeat finds a bug that shows in some runs only if it shows within
//     the tries and the budget given; the report says how many ran.
//   - Child processes are killed by process group on Linux only.
package conctest
