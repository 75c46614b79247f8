package sharedmem

import (
	"encoding/binary"
	"io"
)

// The variants of this lesson add to one total from worker processes:
// Inc runs in a worker process.

// total is the counter's word in the shared file.
const total = 0

// Plain adds one to the word in the shared file with a plain load and
// store, Python's `v.value += 1` on a multiprocessing.Value.
//
// Broken: two processes both load the total, both add one and both store:
// one add is lost. The race detector sees neither the other process nor
// the mapped memory, so it reports nothing, and no other tool does: only
// the invariant shows the bug. The tests force the interleaving, with a
// handshake between the processes, so that it shows on every run.
type Plain struct{}

func (Plain) Inc(p *Proc) error {
	v := *p.Word(total)
	// another process may add here
	*p.Word(total) = v + 1 // and its add is overwritten: lost
	return nil
}

// Atomic adds one with an atomic add on the word in the shared file.
//
// Fixed: the add is one indivisible instruction on the shared memory, so
// it is atomic between processes as between goroutines. Clean under every
// detector. Python has no atomic add on a Value; Go's sync/atomic works
// on any aligned word, mapped ones included.
type Atomic struct{}

func (Atomic) Inc(p *Proc) error {
	p.AtomicWord(total).Add(1) // one indivisible read-modify-write
	return nil
}

// Locked is Plain inside a process lock: an flock on the shared file,
// Python's `with v.get_lock(): v.value += 1`.
//
// Fixed: a second process blocks in Lock until the first unlocks, so no
// add happens between the load and the store. Lock and Unlock are system
// calls, which order the memory accesses around them. Clean under every
// detector. Unlike get_lock()'s semaphore, the lock is released by the
// kernel if its holder dies (see [Flock] and [SpinLock]).
type Locked struct{}

func (Locked) Inc(p *Proc) error {
	if err := (Flock{}).Lock(p); err != nil {
		return err
	}
	defer (Flock{}).Unlock(p)
	v := *p.Word(total)
	// another process waits in Lock meanwhile
	*p.Word(total) = v + 1
	return nil
}

// Owner keeps the total in one process, the owner, which alone adds to it;
// the others send it "add 1" over a pipe. It is Python's Manager, or a
// Queue to one consumer: share memory by communicating.
//
// Fixed: nothing is shared but the pipe, and each message is one write of
// 8 bytes, which a pipe never splits or interleaves (writes up to
// PIPE_BUF are atomic). Clean under every detector. Send the operation,
// not the result: a Manager's `v.value += 1` is a get and a set, two
// messages, and loses updates like Plain.
type Owner struct{}

func (Owner) Inc(p *Proc) error {
	return binary.Write(p.Post, binary.LittleEndian, int64(1)) // the owner adds it
}

// own is the owner process: it adds every message from in until every
// sender has closed the pipe, then writes the total to out.
func (Owner) own(in io.Reader, out io.Writer) error {
	var total, delta int64
	for {
		err := binary.Read(in, binary.LittleEndian, &delta)
		if err == io.EOF {
			return binary.Write(out, binary.LittleEndian, total)
		}
		if err != nil {
			return err
		}
		total += delta // only this process touches total
	}
}
