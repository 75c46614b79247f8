package worker

import (
	"io"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A Proc is what a variant's code sees of its process: the shared file,
// mapped, and the pipes its role was given. A variant has no state of
// its own; everything a process keeps is here.
type Proc struct {
	Spec
	File *os.File // this process's own open of the shared file: its flock
	In   *os.File // the role's files: see each role
	Out  *os.File
	Post *os.File
	Next int    // a cursor local to this process (Partitioned's)
	mem  []byte // the shared file, mapped MAP_SHARED
}

// run maps the shared file, says it is ready, waits at the start
// barrier, and runs the role fn.
func (p *Proc) run(fn func(p *Proc) error) error {
	ready, start := os.NewFile(3, "ready"), os.NewFile(4, "start")
	p.In, p.Out, p.Post = os.NewFile(5, "in"), os.NewFile(6, "out"), os.NewFile(7, "post")
	if p.Path != "" {
		f, err := os.OpenFile(p.Path, os.O_RDWR, 0) // its own open: its own lock
		if err != nil {
			return err
		}
		if err := p.attach(f); err != nil {
			return err
		}
	}
	if _, err := ready.Write([]byte{1}); err != nil {
		return err
	}
	ready.Close()
	if _, err := io.ReadAll(start); err != nil { // EOF: everyone goes
		return err
	}
	return fn(p)
}

// attach maps f, shared with every process that maps it.
func (p *Proc) attach(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	p.mem, err = unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	p.File = f
	return err
}

func (p *Proc) detach() {
	if p.mem != nil {
		_ = unix.Munmap(p.mem)
		p.mem = nil
	}
	if p.File != nil {
		_ = p.File.Close()
	}
}

// Word is word i of the shared file, for plain loads and stores. Neither
// the race detector nor the Go memory model knows about other processes:
// what happens to this memory is between the processes and the hardware.
func (p *Proc) Word(i int) *int64 { return (*int64)(unsafe.Pointer(&p.mem[8*i])) }

// AtomicWord is word i for atomic operations, which are atomic across
// processes too: they are instructions on the shared physical memory.
func (p *Proc) AtomicWord(i int) *atomic.Int64 {
	return (*atomic.Int64)(unsafe.Pointer(&p.mem[8*i]))
}

// A forced interleaving of two workers, first and second, made certain
// instead of lucky: the first worker's first window (the gap between a
// read and a write of shared memory) lets the second worker run one whole
// operation inside it, or until the second blocks on a lock; the second
// then waits until the first has finished its operation, and both run
// freely from there. They talk over a pipe each way: "w" (first is in
// its window), "x" (first finished an operation without a window), "d"
// (second is done), "b" (second is blocked on a lock), "e" (first has
// finished the operation it waited in).

// The turns of a forced interleaving.
const (
	first   = "first"
	second  = "second"
	waited  = "waited"  // first, which let second run in its window
	inside  = "inside"  // second, running inside first's window
	blocked = "blocked" // second, blocked on a lock first holds
)

// Turn is worker i's turn: first or second in a forced interleaving of
// two workers, or none.
func Turn(forced bool, i int) string {
	if !forced {
		return ""
	}
	return [2]string{first, second}[i]
}

// Window marks the gap between a read and a write of shared memory.
func (p *Proc) Window() {
	if p.Turn == first {
		p.Turn = waited
		p.Tell('w')
		p.Hear()
	}
}

// Contended is called by a lock about to block.
func (p *Proc) Contended() {
	if p.Turn == inside {
		p.Turn = blocked
		p.Tell('b')
	}
}

// Begin and End bracket each operation of a role.
func (p *Proc) Begin() {
	if p.Turn == second {
		p.Turn = ""
		if p.Hear() == 'w' {
			p.Turn = inside
		}
	}
}

func (p *Proc) End() {
	switch p.Turn {
	case first:
		p.Tell('x')
	case waited:
		p.Tell('e')
	case inside:
		p.Tell('d')
		p.Hear()
	case blocked:
		p.Hear()
	}
	p.Turn = ""
}

// Tell and Hear carry the handshake on Out and In. A failed pipe (the
// peer died) ends the handshake; the scenario's invariant or exit status
// tells the rest.
func (p *Proc) Tell(b byte) { _, _ = p.Out.Write([]byte{b}) }

func (p *Proc) Hear() byte {
	b := []byte{0}
	_, _ = io.ReadFull(p.In, b)
	return b[0]
}
