package svc

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("svc: pool closed")

// A Pool runs jobs on a fixed number of workers. A job that panics is
// logged and the worker goes on: one bad request must not take the
// service down.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup

	mu     sync.Mutex
	closed bool
}

// NewPool starts n workers.
func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func(), n)}
	for range n {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

// Submit queues job. It blocks while the queue is full, and returns
// ErrClosed after Close.
func (p *Pool) Submit(job func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.jobs <- job
	return nil
}

// Close stops taking jobs and waits for the queued ones to finish.
func (p *Pool) Close() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.jobs)
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for job := range p.jobs {
		p.run(job)
	}
}

func (p *Pool) run(job func()) {
	defer func() {
		if r := recover(); r != nil {
			Log.Printf("panic: %v (recovered)", r)
		}
	}()
	job()
}
