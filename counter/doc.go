// Package counter retells "counter += 1 is not atomic": many workers add to
// one total and the total comes out short.
//
// In Python the GIL hides much of this: one thread runs bytecode at a time,
// and the lesson "a counter shows 987,432 instead of 1,000,000" appears
// only because += is several bytecodes (free-threaded CPython, 3.13t and
// later, has no GIL, and the Python code races as Go's does). Go has no
// GIL. Every goroutine may run in parallel on its own core, so n++ is a
// load, an add and a store that two cores interleave freely, and the Go
// memory model calls the unsynchronized access a data race. It does not
// make the program meaningless: a racing read of one word observes a
// value some write stored there, so the counter loses updates rather than
// corrupting memory (a race on a multiword value, a string, a slice or an
// interface, can corrupt memory). It is still a bug: which increments
// survive is up to the schedule, and an implementation may report the
// race and stop the program, as the race detector does.
//
// Reading order:
//
//  1. lostupdate.go: [Unsync] (n++ from many goroutines) and its fixes,
//     [Mutex] (Python's `with lock:`) and [Atomic].
//  2. halflocked.go: [HalfLocked] locks its writes but not its reads.
//  3. mixed.go: [PlainFlush] adds atomically and reads and resets with
//     plain accesses (Python's hot path under a lock, and a reporter's
//     `n = hits; hits = 0` without it); [SwapFlush], all atomic.
//  4. torn.go: [PlainStatus], a string (two words) set and read without
//     synchronization, which a read can see torn; [AtomicStatus] (an
//     attribute that one thread rebinds while another reads it, which
//     CPython reads whole).
//  5. loadstore.go: [LoadStore] uses atomics and still loses updates; the
//     race detector cannot see it. [Atomic] and [CAS] fix it.
//  6. sharded.go: [Sharded], for when one atomic word is the bottleneck.
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it. The code is plain Go, as it
// would ship. Where a bad interleaving happens, a comment on a line of
// its own says so (// another Inc may run here); the tests' builds make
// that line a point where a workload can hold the goroutine
// (internal/points), and swap sync.Mutex for go-deadlock's in a build
// of go-deadlock's own (conctest/swap). The workloads that drive the
// variants live in internal/countertest, out of this package's API.
package counter
