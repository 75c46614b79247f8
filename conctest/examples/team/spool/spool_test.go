package spool_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"example.com/team/spool"
	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// slowSink takes delay to write a batch, like the warehouse does at
// peak, and says when a write starts.
type slowSink struct {
	delay   time.Duration
	started chan struct{}
	mu      sync.Mutex
	got     []string
}

func newSlowSink(delay time.Duration) *slowSink {
	return &slowSink{delay: delay, started: make(chan struct{}, 1)}
}

func (s *slowSink) Write(batch []string) error {
	select {
	case s.started <- struct{}{}:
	default:
	}
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, batch...)
	return nil
}

// A record added during a slow flush waits for it, and goes in the next
// batch.
func TestAddWaitsForSlowFlush(t *testing.T) {
	sink := newSlowSink(700 * time.Millisecond)
	s := spool.New(sink)
	s.Add("a")
	flushed := make(chan error)
	go func() { flushed <- s.Flush() }()
	<-sink.started
	start := time.Now()
	s.Add("b")
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Errorf("Add returned after %v, during the flush", waited)
	}
	if err := <-flushed; err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := s.Flushed(); got != 2 {
		t.Errorf("%d records flushed, want 2", got)
	}
	t.Logf("batches: %v", sink.got)
}

// producers has three producers add records while the spool flushes.
func producers() error {
	s := spool.New(newSlowSink(time.Millisecond))
	err := conctest.Together(4, func(i int) error {
		if i == 3 {
			for range 5 {
				if err := s.Flush(); err != nil {
					return err
				}
			}
			return nil
		}
		for j := range 20 {
			s.Add(fmt.Sprint(i, "-", j))
		}
		return nil
	})
	if err := s.Flush(); err != nil {
		return err
	}
	if got := s.Flushed(); got != 60 {
		return fmt.Errorf("%d of 60 records flushed", got)
	}
	return err
}

func TestProducersAndFlushes(t *testing.T) {
	conctest.ProveClean(t, producers)
}
