package locks

import (
	"context"
	"runtime"
	"sync"
)

// FlagEvent is Python's threading.Event retold as a plain bool: Set
// stores true, Wait polls until it reads true. In Python a polled flag
// works, slowly: the GIL runs one bytecode at a time and every read sees
// the last write. Go has no GIL.
//
// Broken: nothing orders the store in Set with the loads in Wait, so they
// race, and the race detector reports it on every run. Under the Go
// memory model a load that races with a store is not guaranteed to ever
// observe it: with no synchronization between the two goroutines, the
// compiler may read e.set once, hoist the load out of the loop, and Wait
// spins forever. Even when Wait does return, nothing makes what the
// setter wrote before Set visible to the waiter. Only the race detector
// reports it: staticcheck (SA5002, not go vet) flags the empty spin loop
// of testdata/spinflag, but not this loop, which yields.
type FlagEvent struct {
	set bool
}

func (e *FlagEvent) Set() { e.set = true } // a plain store: no happens-before edge

func (e *FlagEvent) Wait() {
	for !e.set { // a plain load, which may never see the store
		runtime.Gosched()
	}
}

// CloseEvent is an event made of a channel: Set closes it, and every
// Wait returns once it is closed.
//
// Broken: the close synchronizes before every receive that returns
// because of it, so one Set is correct; but Set is called again, as a
// shutdown path does after the work path set the event, and a second
// close panics with "close of closed channel". Python's Event.set() may
// be called any number of times; a channel may be closed once. The
// runtime reports the panic; no other detector sees anything.
type CloseEvent struct {
	done chan struct{}
}

// NewCloseEvent returns an event that is not set.
func NewCloseEvent() *CloseEvent { return &CloseEvent{done: make(chan struct{})} }

func (e *CloseEvent) Set()  { close(e.done) } // a second Set panics
func (e *CloseEvent) Wait() { <-e.done }

// OnceEvent is CloseEvent with the close done under a sync.Once.
//
// Fixed: the first Set closes the channel and every later Set does
// nothing, as in Python. The close synchronizes before every Wait that
// returns because of it, so a waiter sees everything the setter did
// before Set. Clean under every detector, in a synctest bubble too.
type OnceEvent struct {
	once sync.Once
	done chan struct{}
}

// NewOnceEvent returns an event that is not set.
func NewOnceEvent() *OnceEvent { return &OnceEvent{done: make(chan struct{})} }

func (e *OnceEvent) Set()  { e.once.Do(func() { close(e.done) }) } // only the first Set closes
func (e *OnceEvent) Wait() { <-e.done }

// ContextEvent is an event made of a context: Set cancels it, and Wait
// receives from its Done channel.
//
// Fixed: a CancelFunc may be called any number of times, and cancelling
// synchronizes before every receive from Done that it unblocks. A context
// also carries the event across API boundaries, where it can stop a
// Weighted.Acquire, an HTTP request or a select. Clean under every
// detector, in a synctest bubble too.
type ContextEvent struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// NewContextEvent returns an event that is not set.
func NewContextEvent() *ContextEvent {
	ctx, cancel := context.WithCancel(context.Background())
	return &ContextEvent{ctx, cancel}
}

func (e *ContextEvent) Set()  { e.cancel() } // idempotent
func (e *ContextEvent) Wait() { <-e.ctx.Done() }
