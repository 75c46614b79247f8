// Package sharedmem retells Python's multiprocessing lessons for Go: a
// Value shared between processes and its get_lock(), an Array doubled in
// place, shared_memory, a Manager, Queue and Pipe, "processes don't share
// memory" and "lambdas can't be pickled".
//
// Here the workers are real operating-system processes, which share a
// memory-mapped file (unix.Mmap, MAP_SHARED). That is the point: the race
// detector instruments one process's accesses to Go memory, so it sees
// neither another process nor mapped memory. Every bug in this package
// is invisible to it (a declared blind spot in the catalog), and each is
// proven by its invariant instead (a lost update, an element doubled
// twice, a variable unchanged, a lost task) or by the watchdog (a hang),
// under interleavings that handshakes between the processes force on
// every run.
//
// When to use processes in Go at all. Not for parallelism: Go has no
// GIL, and goroutines already run on every core, so a Go program that
// starts processes to use more CPUs only adds copying and system calls:
// in BenchmarkCount an atomic add on a mapped word costs what it costs
// between goroutines, but an flock or a pipe message per operation costs
// a hundred times more than a mutex or a channel. Use a process for what a goroutine cannot give:
// isolation (a crash, a cgo segfault or a corrupted heap takes down only
// the worker), a memory or CPU limit of its own (rlimits, cgroups), a
// separate identity or privilege, or running code you do not trust.
//
// Reading order:
//
//  1. counter.go: [Plain], a Value's `v.value += 1`, loses updates
//     between processes; [Atomic], [Locked] (get_lock) and [Owner] (a
//     Manager: share memory by communicating) fix it.
//  2. array.go: [SharedCursor] doubles some elements of a shared Array
//     twice and others not at all; [LockedCursor] and [Partitioned].
//  3. global.go: [ProcessGlobal]: a child's change to a package variable
//     stays in the child; [GoroutineGlobal] and [ProcessReply].
//  4. crash.go: [SpinLock], a lock in shared memory, hangs everyone when
//     its holder is killed; the kernel releases a [Flock].
//  5. message.go: [FuncTask], a func sent to a worker, is refused before
//     a byte is written; [OpTask] names its work.
//  6. proc.go: what a variant sees of its process ([Proc]), and the
//     roles the lessons run in worker processes. The machinery that runs
//     the workers, and frames their messages, is internal/worker; the
//     scenarios the tests run, parent and worker halves, are
//     internal/sharedmemtest: neither is part of this package's API.
//
// Python's tools and their Go counterparts:
//
//	multiprocessing.Process     os/exec: the same binary, re-executed (below)
//	Value, Array, shared_memory a MAP_SHARED mapping of a 0600 file (Proc.Word)
//	Value.get_lock(), Lock      flock(2) on the mapped file ([Flock], [Locked])
//	Manager                     an owner process serving messages ([Owner])
//	Queue, Pipe                 os.Pipe with framed gob messages (worker.Send)
//	pickle                      encoding/gob: data only, never funcs or chans
//	Pool.map                    between goroutines: a worker pool and channels
//	shared_memory.unlink()      os.Remove, done as soon as every worker mapped it
//
// How the workers run: the re-exec pattern. A worker is the running
// binary (os.Executable) started again with SHAREDMEM_WORKER set to its
// spec; the init function that registers the worker's role sees the
// variable and runs the worker before main or TestMain. So any binary
// that imports the package that spawns a role, this package's test binary
// and the catalog's included, can host its workers, built with the same
// flags (-race too) as the code under test, with nothing else to build or
// find. A separate command would need building and locating, and could
// drift from the code the tests prove.
//
// Every worker is bounded: it is killed at the scenario's deadline (and
// exits by itself then), the kernel kills it if its parent dies
// (Pdeathsig, on Linux), it stays in its parent's process group (which
// conctest kills after each child), and its parent reaps it before the
// scenario returns, pass or fail. A start barrier (a pipe every worker
// reads until the parent closes it) releases the workers together.
// Workers run with GORACE=atexit_sleep_ms=0, without the race detector's
// one-second sleep at exit. The shared file lives in a private directory
// from os.MkdirTemp (under the parent's t.TempDir in a conctest child)
// and is removed once every worker has mapped it, and again when the
// scenario ends.
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it.
package sharedmem
