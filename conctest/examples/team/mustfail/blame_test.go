package mustfail_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

// A one-letter blame names nothing, even when the panic's message holds
// the letter.
func TestPanicBlameOfOneLetter(t *testing.T) {
	mustFail(t)
	conctest.Prove(t, conctest.Panic, "c", func() error {
		ch := make(chan struct{})
		close(ch)
		close(ch)
		return nil
	})
}

// The pool recovers a job's panic and logs it: a logged line is no
// panic.
func TestRecoveredPanicIsNoPanic(t *testing.T) {
	mustFail(t)
	conctest.Prove(t, conctest.Panic, "bad input", func() error {
		p := svc.NewPool(1)
		_ = p.Submit(func() { panic("bad input") })
		p.Close()
		return nil
	})
}

// twoFailures records two failed requests at once with the regression.
func twoFailures() error {
	m := new(svc.Metrics)
	return conctest.Together(2, func(int) error {
		m.Observe(time.Millisecond, errors.New("upstream: 503"))
		return nil
	})
}

// The race is in example.com/team/svc, not in another module's svc.
func TestRaceBlameOfAnotherModule(t *testing.T) {
	mustFail(t)
	conctest.Prove(t, conctest.Race, "github.com/someone/else/svc.(*Metrics).recordError", twoFailures)
}

// A job that forgets wg.Done: the hang is the job's, and the standard
// library's WaitGroup is never the code under test.
func TestHangBlameOfStdlib(t *testing.T) {
	mustFail(t)
	conctest.Prove(t, conctest.Hang, "sync.(*WaitGroup).Wait", func() error {
		p := svc.NewPool(1)
		defer p.Close()
		var wg sync.WaitGroup
		wg.Add(1)
		_ = p.Submit(func() {}) // forgot wg.Done()
		wg.Wait()
		return nil
	})
}
