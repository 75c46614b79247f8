package sharedmem

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// workerVar names the environment variable that makes a process a
// worker. Its value is the worker's spec, as JSON.
const workerVar = "SHAREDMEM_WORKER"

// The re-exec pattern: a worker is this very binary, started again with
// workerVar set, and this init turns it into the worker before main (or
// TestMain) runs. It is Go's answer to Python's
// `if __name__ == "__main__":` guard, which keeps a spawned child from
// running the parent's program: here the child never reaches main at
// all. Any binary that imports sharedmem can therefore host its workers:
// this package's test binary, the catalog's, a command.
func init() {
	if js, ok := os.LookupEnv(workerVar); ok {
		os.Exit(work(js))
	}
}

// A spec is what a worker process is told.
type spec struct {
	Role     string    // what the worker runs: a key of roles
	Variant  string    // the variant's type, as %T prints it
	ID       int       // which worker of its role, from 0
	Procs    int       // how many workers have the role
	N        int       // how many operations each does
	File     string    // the shared file; "" for none
	Turn     string    // first or second in a forced interleaving
	Deadline time.Time // the worker exits by itself at this time
}

// The turns of a forced interleaving (see (*Proc).window).
const (
	first   = "first"
	second  = "second"
	waited  = "waited"  // first, which let second run in its window
	inside  = "inside"  // second, running inside first's window
	blocked = "blocked" // second, blocked on a lock first holds
)

// A Proc is what a variant's code sees of its process: the shared file,
// mapped, and the pipes its role was given. A variant has no state of
// its own; everything a process keeps is here.
type Proc struct {
	spec
	mem  []byte   // the shared file, mapped MAP_SHARED
	file *os.File // this process's own open of the shared file: its flock
	in   *os.File // the role's files: see each role
	out  *os.File
	post *os.File
	next int // Partitioned's cursor, local to this process
}

// work runs the worker of spec js and returns its exit status.
func work(js string) int {
	p := &Proc{}
	err := json.Unmarshal([]byte(js), &p.spec)
	if err == nil {
		time.AfterFunc(time.Until(p.Deadline), func() {
			fmt.Fprintf(os.Stderr, "sharedmem: %s worker %d: deadline passed, exiting\n", p.Role, p.ID)
			os.Exit(2)
		})
		err = p.run()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "sharedmem: %s worker %d: %v\n", p.Role, p.ID, err)
		return 1
	}
	return 0
}

// run maps the shared file, says it is ready, waits at the start
// barrier, and runs the role.
func (p *Proc) run() error {
	ready, start := os.NewFile(3, "ready"), os.NewFile(4, "start")
	p.in, p.out, p.post = os.NewFile(5, "in"), os.NewFile(6, "out"), os.NewFile(7, "post")
	role, ok := roles[p.Role]
	if !ok {
		return fmt.Errorf("unknown role %q", p.Role)
	}
	if p.File != "" {
		f, err := os.OpenFile(p.File, os.O_RDWR, 0) // its own open: its own lock
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
	return role(p)
}

// attach maps f, shared with every process that maps it.
func (p *Proc) attach(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	p.mem, err = unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	p.file = f
	return err
}

func (p *Proc) detach() {
	if p.mem != nil {
		_ = unix.Munmap(p.mem)
		p.mem = nil
	}
	if p.file != nil {
		_ = p.file.Close()
	}
}

// word is word i of the shared file, for plain loads and stores. Neither
// the race detector nor the Go memory model knows about other processes:
// what happens to this memory is between the processes and the hardware.
func (p *Proc) word(i int) *int64 { return (*int64)(unsafe.Pointer(&p.mem[8*i])) }

// atomicWord is word i for atomic operations, which are atomic across
// processes too: they are instructions on the shared physical memory.
func (p *Proc) atomicWord(i int) atomicInt64 {
	return atomicInt64{(*atomic.Int64)(unsafe.Pointer(&p.mem[8*i])), p}
}

// An atomicInt64 is an atomic.Int64 in the shared file whose Load ends in
// its process's window: an atomic read, then maybe a write of what it
// read, is a gap another process can run in, which the window makes
// certain under a forced interleaving. Add and CompareAndSwap are one
// operation each, with no gap and no window.
type atomicInt64 struct {
	*atomic.Int64
	p *Proc
}

func (w atomicInt64) Load() int64 {
	v := w.Int64.Load()
	w.p.window() // another process may write here, before this one writes what it read
	return v
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

// window marks the gap between a read and a write of shared memory.
func (p *Proc) window() {
	if p.Turn == first {
		p.Turn = waited
		p.tell('w')
		p.hear()
	}
}

// contended is called by a lock about to block.
func (p *Proc) contended() {
	if p.Turn == inside {
		p.Turn = blocked
		p.tell('b')
	}
}

// begin and end bracket each operation of a role.
func (p *Proc) begin() {
	if p.Turn == second {
		p.Turn = ""
		if p.hear() == 'w' {
			p.Turn = inside
		}
	}
}

func (p *Proc) end() {
	switch p.Turn {
	case first:
		p.tell('x')
	case waited:
		p.tell('e')
	case inside:
		p.tell('d')
		p.hear()
	case blocked:
		p.hear()
	}
	p.Turn = ""
}

// tell and hear carry the handshake. A failed pipe (the peer died) ends
// the handshake; the scenario's invariant or exit status tells the rest.
func (p *Proc) tell(b byte) { _, _ = p.out.Write([]byte{b}) }

func (p *Proc) hear() byte {
	b := []byte{0}
	_, _ = io.ReadFull(p.in, b)
	return b[0]
}

// variants maps each variant's name, as %T prints it, to its zero value,
// so that a worker can find the variant its parent named.
var variants = func(vs ...any) map[string]any {
	m := map[string]any{}
	for _, v := range vs {
		m[fmt.Sprintf("%T", v)] = v
	}
	return m
}(Plain{}, Atomic{}, Locked{}, Owner{},
	SharedCursor{}, LockedCursor{}, Partitioned{},
	SpinLock{}, Flock{},
	FuncTask{}, OpTask{})

func name(v any) string { return fmt.Sprintf("%T", v) }

// variant returns p's variant as a T.
func variant[T any](p *Proc) (T, error) {
	v, ok := variants[p.Variant].(T)
	if !ok {
		return v, fmt.Errorf("unknown variant %q for role %s", p.Variant, p.Role)
	}
	return v, nil
}
