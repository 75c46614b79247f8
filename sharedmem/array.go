package sharedmem

// The variants of this lesson hand out the elements of the shared array
// to the worker processes that double them, Python's
// multiprocessing.Array shared by a Pool: each Claim returns the index
// of an element for this process to double, or ok false when there is
// none left. Claim runs in a worker.

// The array's words in the shared file: a cursor, then the elements.
const (
	cursor   = 0
	elements = 1
)

// SharedCursor claims the next element with a cursor in the shared file
// that every process advances and then reads back: `next.value += 1;
// i = next.value - 1`.
//
// Broken: between a process's increment and its read back, another
// process can increment too, and then both read the same index: that
// element is doubled twice, and the one before it not at all. The race
// detector cannot see mapped memory or other processes, and reports
// nothing; the invariant (each element doubled once) shows it, under an
// interleaving the tests force.
type SharedCursor struct{}

func (SharedCursor) Claim(p *Proc) (int, bool, error) {
	*p.Word(cursor)++ // take the next element...
	// another process may take one here
	i := int(*p.Word(cursor)) - 1 // ...and read back which: maybe not ours
	return i, i < p.N, nil
}

// LockedCursor is SharedCursor with the increment and the read back under
// the process lock.
//
// Fixed: a second process waits in Lock until the first has read its
// index back, so every index is handed out exactly once. Clean under
// every detector.
type LockedCursor struct{}

func (LockedCursor) Claim(p *Proc) (int, bool, error) {
	if err := (Flock{}).Lock(p); err != nil {
		return 0, false, err
	}
	defer (Flock{}).Unlock(p)
	*p.Word(cursor)++
	// another process waits in Lock meanwhile
	i := int(*p.Word(cursor)) - 1
	return i, i < p.N, nil
}

// Partitioned gives each process its own elements (worker k of n doubles
// elements k, k+n, k+2n...), with a cursor local to the process.
//
// Fixed: no element is shared between processes and nothing is counted
// in shared memory, so there is nothing to lock and nothing to
// interleave. Clean under every detector. Partition the data whenever the
// work allows it: no lock is the cheapest lock.
type Partitioned struct{}

func (Partitioned) Claim(p *Proc) (int, bool, error) {
	i := p.Next*p.Procs + p.ID // this process's next element
	p.Next++
	return i, i < p.N, nil
}
