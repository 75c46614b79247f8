// Package sharedmemtest holds the workloads that drive the sharedmem
// package's variants, for its own tests and the catalog's: the scenarios,
// each run in worker processes (internal/worker), and their worker
// halves, the roles (roles.go). Each takes the variant as an argument, so
// that a broken variant and its fix run exactly the same code, and
// returns an error naming the variant when the scenario's invariant does
// not hold. They run anywhere: in a test, in a conctest child, in a
// command.
package sharedmemtest

import (
	"encoding/binary"
	"fmt"
	"os"
	"time"

	"github.com/racelab/racelab/internal/worker"
	"github.com/racelab/racelab/sharedmem"
)

// A Counter is a way for worker processes to add to one total: Plain,
// Atomic, Locked and Owner. Inc runs in a worker process.
type Counter interface {
	Inc(p *sharedmem.Proc) error
}

// The words of the shared file the sharedmem lessons use, as they lay
// them out: a counter's total; an array's cursor, then its elements.
const (
	total    = 0
	cursor   = 0
	elements = 1
)

// Interleave has two worker processes call c.Inc once each and, if c has
// a window between its load and its store, forces the second Inc to run
// entirely inside the first one's window: the interleaving that loses an
// update, made certain by a handshake between the processes instead of
// lucky. It returns an error if the total is not 2.
func Interleave(c Counter) error {
	got, _, err := count(c, 2, 1, true, worker.Deadline)
	if err == nil && got != 2 {
		err = fmt.Errorf("%T: got total %d after one Inc in each of two processes, want 2: an update was lost", c, got)
	}
	return err
}

// Count has procs worker processes call c.Inc n times each, all released
// at once by a start barrier, and returns the total.
func Count(c Counter, procs, n int) (int64, error) {
	got, _, err := count(c, procs, n, false, worker.Deadline)
	return got, err
}

// Bench is Count for a benchmark: bounded by a minute, and it also
// returns the time from the start barrier to the exit of the last
// process, so that process start-up is left out.
func Bench(c Counter, procs, n int) (int64, time.Duration, error) {
	return count(c, procs, n, false, time.Minute)
}

// count runs a Counter scenario and also returns the time from the start
// barrier to the exit of the last process.
func count(c Counter, procs, n int, forced bool, d time.Duration) (got int64, elapsed time.Duration, err error) {
	g := worker.NewGroup(1, d)
	defer g.Close()
	var post, reply *os.File
	if _, ok := c.(sharedmem.Owner); ok { // the total lives in an owner process
		msgs, msgsW := g.Pipe()
		replyR, replyW := g.Pipe()
		g.Spawn(worker.Spec{Role: "own", Variant: worker.Name(c)}, msgs, replyW, nil)
		post, reply = msgsW, replyR
	}
	in, out := g.Peers(procs, forced)
	for i := range procs {
		g.Spawn(worker.Spec{Role: "inc", Variant: worker.Name(c), ID: i, Procs: procs, N: n, Turn: worker.Turn(forced, i)}, in[i], out[i], post)
	}
	g.Begin()
	start := time.Now()
	g.WaitAll()
	elapsed = time.Since(start)
	switch {
	case g.Err != nil:
	case reply != nil:
		g.Err = binary.Read(reply, binary.LittleEndian, &got)
	default:
		got = g.Self.AtomicWord(total).Load()
	}
	return got, elapsed, g.Err
}

// A Claimer hands out the elements of the shared array to the worker
// processes that double them: SharedCursor, LockedCursor and Partitioned.
// Claim runs in a worker.
type Claimer interface {
	Claim(p *sharedmem.Proc) (i int, ok bool, err error)
}

// arrayLen is the length of DoubleAll's array.
const arrayLen = 8

// DoubleAll has two worker processes double every element of a shared
// array of 1..8, each element by whichever process c hands it to. The
// second process's first claim is forced inside the first one's window,
// and the first finishes its claim before the second goes on. It returns
// an error unless every element was doubled exactly once.
func DoubleAll(c Claimer) error {
	g := worker.NewGroup(elements+arrayLen, worker.Deadline)
	defer g.Close()
	for i := 0; i < arrayLen && g.Err == nil; i++ {
		*g.Self.Word(elements + i) = int64(i + 1)
	}
	in, out := g.Peers(2, true)
	for i := range 2 {
		g.Spawn(worker.Spec{Role: "double", Variant: worker.Name(c), ID: i, Procs: 2, N: arrayLen, Turn: worker.Turn(true, i)}, in[i], out[i], nil)
	}
	g.Begin()
	g.WaitAll()
	if g.Err != nil {
		return g.Err
	}
	got := make([]int64, arrayLen)
	var undoubled, again []int
	for i := range got {
		got[i] = *g.Self.Word(elements + i)
		switch got[i] / int64(i+1) {
		case 1:
			undoubled = append(undoubled, i)
		case 2:
		default:
			again = append(again, i)
		}
	}
	if len(undoubled)+len(again) > 0 {
		return fmt.Errorf("%T: got %v from 1..%d: not doubled at %v, doubled more than once at %v; want each doubled once", c, got, arrayLen, undoubled, again)
	}
	return nil
}

// A Visitor runs the sharedmem lessons' visit once, somewhere, so that
// the caller's count of visits counts it: Python's
// `Process(target=visit).start(); p.join()`. ProcessGlobal,
// GoroutineGlobal and ProcessReply implement it.
type Visitor interface {
	Visit() error
}

// CountVisits asks v for one visit and returns an error unless this
// process's count of visits (worker.Visits) counts it.
func CountVisits(v Visitor) error {
	before := worker.Visits()
	if err := v.Visit(); err != nil {
		return err
	}
	if n := worker.Visits() - before; n != 1 {
		return fmt.Errorf("%T: visits is %d here after one visit, want 1", v, n)
	}
	return nil
}

// A ProcessLock excludes processes from a critical section: SpinLock and
// Flock. Its methods take the calling process's Proc, where its state
// lives.
type ProcessLock interface {
	Lock(p *sharedmem.Proc) error
	Unlock(p *sharedmem.Proc) error
}

// survivors is how many workers wait for the lock KillHolder's holder
// dies holding.
const survivors = 2

// A critical section adds one to two words, in two steps: they are
// consistent only as a pair. (Word 0 is SpinLock's.)
const (
	pairA = 1
	pairB = 2
)

// KillHolder has a worker process take l, do one critical section, take
// l again, and get killed (SIGKILL, as a crash or the OOM killer would)
// while it holds l. Two more workers and then the parent itself take l
// and do a critical section each. It returns an error unless they all
// got l and the data is consistent: one section from the dead holder and
// one from each of the others.
func KillHolder(l ProcessLock) error {
	g := worker.NewGroup(3, worker.Deadline)
	defer g.Close()
	never, _ := g.Pipe() // the holder waits on it, to be killed
	holding, holdingW := g.Pipe()
	held, heldW := g.Pipe()
	g.Spawn(worker.Spec{Role: "hold", Variant: worker.Name(l)}, never, holdingW, nil)
	for i := range survivors {
		g.Spawn(worker.Spec{Role: "survive", Variant: worker.Name(l), ID: i, Procs: survivors}, held, nil, nil)
	}
	g.Begin()
	g.Expect(holding, 1, "the holder to take the lock")
	if heldW != nil {
		heldW.Close() // the survivors go for the lock, and wait
	}
	g.Kill(0) // the holder dies holding it
	if g.Err == nil {
		g.Err = section(l, g.Self) // the parent wants it too
	}
	g.Wait(1, 1+survivors)
	if g.Err != nil {
		return fmt.Errorf("%T: %w", l, g.Err)
	}
	a, b := *g.Self.Word(pairA), *g.Self.Word(pairB)
	if want := int64(1 + survivors + 1); a != want || b != want {
		return fmt.Errorf("%T: got sections %d and %d, want %d each: one by the dead holder, one by each survivor and the parent", l, a, b, want)
	}
	return nil
}

// section is one critical section under l.
func section(l ProcessLock, p *sharedmem.Proc) error {
	if err := l.Lock(p); err != nil {
		return err
	}
	a, b := p.Word(pairA), p.Word(pairB)
	if *a != *b {
		return fmt.Errorf("found a torn pair %d, %d under the lock", *a, *b)
	}
	*a++
	*b++
	return l.Unlock(p)
}

// A Task is work for a worker process: Python's pool.apply(f, (x,)),
// which pickles f and x to send them: FuncTask and OpTask. Do runs in the
// worker.
type Task interface {
	Do() (int, error)
}

// result is a task worker's reply.
type result struct {
	Value int
	Bytes int    // how many bytes of task reached the worker
	Err   string // the task's error
}

// Submit runs t here and in a worker process, to which it sends t over a
// pipe (worker.Send, which refuses a func or a chan), and returns an
// error unless the worker got the same answer.
func Submit(t Task) error {
	want, err := t.Do()
	if err != nil {
		return err
	}
	g := worker.NewGroup(0, worker.Deadline)
	defer g.Close()
	tasks, tasksW := g.Pipe()
	replies, repliesW := g.Pipe()
	g.Spawn(worker.Spec{Role: "task", Variant: worker.Name(t)}, tasks, repliesW, nil)
	g.Begin()
	if g.Err != nil {
		return g.Err
	}
	sent := worker.Send(tasksW, t)
	tasksW.Close() // the worker reads to the end
	var r result
	if err := replies.SetReadDeadline(g.Deadline()); err != nil {
		return err
	}
	if err := worker.Receive(replies, &r); err != nil {
		return fmt.Errorf("%T: no reply from the worker: %w", t, err)
	}
	g.WaitAll()
	switch {
	case sent != nil:
		return fmt.Errorf("%T: task lost, the worker received %d bytes: %w", t, r.Bytes, sent)
	case r.Err != "":
		return fmt.Errorf("%T: the worker: %s", t, r.Err)
	case r.Value != want:
		return fmt.Errorf("%T: the worker got %d, want %d as here", t, r.Value, want)
	}
	return g.Err
}
