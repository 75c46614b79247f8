package sharedmem

import (
	"sync"

	"github.com/racelab/racelab/internal/worker"
)

// The variants of this lesson run visit once, somewhere, so that the
// caller's visits counts it: Python's
// `Process(target=visit).start(); p.join()`.

// visits counts the calls of visit in this process.
var visits int64

func visit() { visits++ }

// ProcessGlobal runs visit in a child process and waits for it.
//
// Broken: the child is another process, with its own copy of every
// package-level variable. It adds one to its visits, exits, and the
// parent's visits is still 0. No race, no leak, no hang: only the
// invariant sees it. A goroutine would have seen the change, because all
// goroutines of a process share one address space: there is one visits,
// and wg.Wait orders the goroutine's write before the parent's read (see
// [GoroutineGlobal]).
type ProcessGlobal struct{}

func (ProcessGlobal) Visit() error {
	_, err := worker.InChild("visit") // the child's reply is ignored
	return err
}

// GoroutineGlobal runs visit in a goroutine and waits for it.
//
// Fixed: one process, one visits. The goroutine's write happens before
// wg.Wait returns, so the caller sees it. Clean under every detector.
type GoroutineGlobal struct{}

func (GoroutineGlobal) Visit() error {
	var wg sync.WaitGroup
	wg.Go(visit)
	wg.Wait()
	return nil
}

// ProcessReply runs visit in a child process, which replies with its
// visits over a pipe; the parent adds the reply to its own.
//
// Fixed: the change crosses the process boundary as a message, the only
// way anything does that is not in shared memory: Python's Queue, Pipe,
// or a Pool's return value. Clean under every detector.
type ProcessReply struct{}

func (ProcessReply) Visit() error {
	n, err := worker.InChild("visit")
	visits += n // the child's change, sent back
	return err
}
