// Package spool buffers records and writes them to a sink in batches.
//
// Its mutex is go-deadlock's: in production it reports a lock waited on
// for more than go-deadlock's default 30 s, which has caught a stuck sink
// before the queue filled.
package spool

import (
	"github.com/sasha-s/go-deadlock"
)

// A Sink takes a batch of records: a database, a queue, a file.
type Sink interface {
	Write(batch []string) error
}

// A Spool collects records and flushes them to its sink. Writers wait
// while a flush is in progress: that is the service's back-pressure.
type Spool struct {
	mu      deadlock.Mutex
	sink    Sink
	pending []string
	flushed int
}

// New returns a spool that flushes to sink.
func New(sink Sink) *Spool { return &Spool{sink: sink} }

// Add queues a record for the next flush.
func (s *Spool) Add(record string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, record)
}

// Flush writes the pending records to the sink, holding the spool: no
// record is added while a batch is on its way.
func (s *Spool) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return nil
	}
	if err := s.sink.Write(s.pending); err != nil {
		return err
	}
	s.flushed += len(s.pending)
	s.pending = nil
	return nil
}

// Flushed returns how many records reached the sink.
func (s *Spool) Flushed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flushed
}
