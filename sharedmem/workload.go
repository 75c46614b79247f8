package sharedmem

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"time"
)

// The workloads. Each runs a scenario in worker processes and returns an
// error naming the variant when the scenario's invariant does not hold.
// They run anywhere: in a test, in a conctest child, in a command.

// Interleave has two worker processes call c.Inc once each and, if c has
// a window between its load and its store, forces the second Inc to run
// entirely inside the first one's window: the interleaving that loses an
// update, made certain by a handshake between the processes instead of
// lucky. It returns an error if the total is not 2.
func Interleave(c Counter) error {
	got, _, err := count(c, 2, 1, true, Deadline)
	if err == nil && got != 2 {
		err = fmt.Errorf("%T: got total %d after one Inc in each of two processes, want 2: an update was lost", c, got)
	}
	return err
}

// Count has procs worker processes call c.Inc n times each, all released
// at once by a start barrier, and returns the total.
func Count(c Counter, procs, n int) (int64, error) {
	got, _, err := count(c, procs, n, false, Deadline)
	return got, err
}

// owning is a Counter whose total lives in an owner process.
type owning interface {
	own(in io.Reader, out io.Writer) error
}

// count runs a Counter scenario and also returns the time from the start
// barrier to the exit of the last process.
func count(c Counter, procs, n int, forced bool, d time.Duration) (got int64, elapsed time.Duration, err error) {
	g := newGroup(1, d)
	defer g.close()
	var post, reply *os.File
	if _, ok := c.(owning); ok {
		msgs, msgsW := g.pipe()
		replyR, replyW := g.pipe()
		g.spawn(spec{Role: "own", Variant: name(c)}, msgs, replyW, nil)
		post, reply = msgsW, replyR
	}
	in, out := g.peers(procs, forced)
	for i := range procs {
		g.spawn(spec{Role: "inc", Variant: name(c), ID: i, Procs: procs, N: n, Turn: turn(forced, i)}, in[i], out[i], post)
	}
	g.begin()
	start := time.Now()
	g.waitAll()
	elapsed = time.Since(start)
	switch {
	case g.err != nil:
	case reply != nil:
		g.err = binary.Read(reply, binary.LittleEndian, &got)
	default:
		got = g.self.atomicWord(total).Load()
	}
	return got, elapsed, g.err
}

// peers returns each worker's ends of the handshake pipes of a forced
// interleaving of two workers (see (*Proc).window), or nils.
func (g *group) peers(procs int, forced bool) (in, out []*os.File) {
	in, out = make([]*os.File, procs), make([]*os.File, procs)
	switch {
	case !forced:
	case procs != 2:
		g.err = fmt.Errorf("sharedmem: a forced interleaving takes 2 workers, got %d", procs)
	default:
		in[1], out[0] = g.pipe()
		in[0], out[1] = g.pipe()
	}
	return in, out
}

// turn is worker i's turn in a forced interleaving.
func turn(forced bool, i int) string {
	if !forced {
		return ""
	}
	return [2]string{first, second}[i]
}

// arrayLen is the length of DoubleAll's array.
const arrayLen = 8

// DoubleAll has two worker processes double every element of a shared
// array of 1..8, each element by whichever process c hands it to. The
// second process's first claim is forced inside the first one's window,
// and the first finishes its claim before the second goes on. It returns
// an error unless every element was doubled exactly once.
func DoubleAll(c Claimer) error {
	g := newGroup(elements+arrayLen, Deadline)
	defer g.close()
	for i := 0; i < arrayLen && g.err == nil; i++ {
		*g.self.word(elements + i) = int64(i + 1)
	}
	in, out := g.peers(2, true)
	for i := range 2 {
		g.spawn(spec{Role: "double", Variant: name(c), ID: i, Procs: 2, N: arrayLen, Turn: turn(true, i)}, in[i], out[i], nil)
	}
	g.begin()
	g.waitAll()
	if g.err != nil {
		return g.err
	}
	got := make([]int64, arrayLen)
	var undoubled, again []int
	for i := range got {
		got[i] = *g.self.word(elements + i)
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

// CountVisits asks v for one visit and returns an error unless this
// process's visits counts it.
func CountVisits(v Visitor) error {
	visits = 0
	if err := v.Visit(); err != nil {
		return err
	}
	if visits != 1 {
		return fmt.Errorf("%T: visits is %d here after one visit, want 1", v, visits)
	}
	return nil
}

// inChild runs role in one worker process and returns the number it
// replied with.
func inChild(role string) (int64, error) {
	g := newGroup(0, Deadline)
	defer g.close()
	r, w := g.pipe()
	g.spawn(spec{Role: role}, nil, w, nil)
	g.begin()
	g.waitAll()
	var n int64
	if g.err == nil {
		g.err = binary.Read(r, binary.LittleEndian, &n)
	}
	return n, g.err
}

// survivors is how many workers wait for the lock KillHolder's holder
// dies holding.
const survivors = 2

// A critical section adds one to two words, in two steps: they are
// consistent only as a pair.
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
	g := newGroup(3, Deadline)
	defer g.close()
	never, _ := g.pipe() // the holder waits on it, to be killed
	holding, holdingW := g.pipe()
	held, heldW := g.pipe()
	g.spawn(spec{Role: "hold", Variant: name(l)}, never, holdingW, nil)
	for i := range survivors {
		g.spawn(spec{Role: "survive", Variant: name(l), ID: i, Procs: survivors}, held, nil, nil)
	}
	g.begin()
	g.expect(holding, 1, "the holder to take the lock")
	closeAll([]*os.File{heldW}) // the survivors go for the lock, and wait
	g.kill(0)                   // the holder dies holding it
	if g.err == nil {
		g.err = section(l, g.self) // the parent wants it too
	}
	g.wait(1, 1+survivors)
	if g.err != nil {
		return fmt.Errorf("%T: %w", l, g.err)
	}
	a, b := *g.self.word(pairA), *g.self.word(pairB)
	if want := int64(1 + survivors + 1); a != want || b != want {
		return fmt.Errorf("%T: got sections %d and %d, want %d each: one by the dead holder, one by each survivor and the parent", l, a, b, want)
	}
	return nil
}

// section is one critical section under l.
func section(l ProcessLock, p *Proc) error {
	if err := l.Lock(p); err != nil {
		return err
	}
	a, b := p.word(pairA), p.word(pairB)
	if *a != *b {
		return fmt.Errorf("found a torn pair %d, %d under the lock", *a, *b)
	}
	*a++
	*b++
	return l.Unlock(p)
}

// result is a task worker's reply.
type result struct {
	Value int
	Bytes int    // how many bytes of task reached the worker
	Err   string // the task's error
}

// Submit runs t here and in a worker process, to which it sends t over a
// pipe, and returns an error unless the worker got the same answer.
func Submit(t Task) error {
	want, err := t.Do()
	if err != nil {
		return err
	}
	g := newGroup(0, Deadline)
	defer g.close()
	tasks, tasksW := g.pipe()
	replies, repliesW := g.pipe()
	g.spawn(spec{Role: "task", Variant: name(t)}, tasks, repliesW, nil)
	g.begin()
	if g.err != nil {
		return g.err
	}
	sent := send(tasksW, t)
	tasksW.Close() // the worker reads to the end
	var r result
	if err := replies.SetReadDeadline(g.deadline); err != nil {
		return err
	}
	if err := receive(replies, &r); err != nil {
		return fmt.Errorf("%T: no reply from the worker: %w", t, err)
	}
	g.waitAll()
	switch {
	case sent != nil:
		return fmt.Errorf("%T: task lost, the worker received %d bytes: %w", t, r.Bytes, sent)
	case r.Err != "":
		return fmt.Errorf("%T: the worker: %s", t, r.Err)
	case r.Value != want:
		return fmt.Errorf("%T: the worker got %d, want %d as here", t, r.Value, want)
	}
	return g.err
}
