// Package syncutil holds the mutexes to write in code that conctest's
// go-deadlock proofs should see, without making production code depend
// on go-deadlock.
//
// By default Mutex and RWMutex are sync's, at sync's cost. Built with the
// tag deadlock, they are go-deadlock's drop-in replacements, which report
// lock-order inversions, recursive locking and long waits:
//
//	go test -race -tags deadlock ./...
//
// Write syncutil.Mutex where the code would write sync.Mutex; a team's CI
// runs its proofs with -tags deadlock, and its release builds without.
// Without the tag, conctest's LockOrder, Recursive and LockTimeout proofs
// skip and say how to turn them on, the way race proofs skip without
// -race. The idea is CockroachDB's syncutil.
//
// racelab's own lessons import go-deadlock directly instead, so that
// make test-race proves every pair with no tag to remember and the reader
// sees the mutex the detector watches.
package syncutil
