package sharedmem

import (
	"bufio"
	"encoding/binary"

	"github.com/racelab/racelab/internal/worker"
)

// A Proc is what a variant's code sees of its process: the shared file,
// mapped (Word, for plain loads and stores; AtomicWord, for atomic
// ones, which are atomic across processes too), and the pipes its role
// was given. A variant has no state of its own; everything a process
// keeps is here. The worker processes, and Proc, are internal/worker's;
// in the test build, the comments that mark a gap between a read and a
// write of shared memory become a handshake between two processes, which
// forces the interleaving (internal/points).
type Proc = worker.Proc

// The roles this package's lessons run in worker processes: the child
// that visits (ProcessGlobal, ProcessReply), and an Owner's owner
// process. A worker started for one runs it here, at init (see
// worker.Handle). The tests read visits through worker.Visits.
func init() {
	worker.Handle("visit", func(p *Proc) error {
		visit()
		return binary.Write(p.Out, binary.LittleEndian, visits) // the child's visits, for ProcessReply
	})
	worker.Handle("own", func(p *Proc) error { return Owner{}.own(bufio.NewReader(p.In), p.Out) })
	worker.Visits = func() int64 { return visits }
}
