package svc_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

func TestPoolRunsEveryJob(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprint(workers, "workers"), func(t *testing.T) {
			t.Parallel()
			p := svc.NewPool(workers)
			var done atomic.Int32
			for range 100 {
				if err := p.Submit(func() { done.Add(1) }); err != nil {
					t.Fatal(err)
				}
			}
			p.Close()
			if got := done.Load(); got != 100 {
				t.Errorf("%d of 100 jobs ran", got)
			}
		})
	}
}

// drainPool submits jobs from two producers and closes the pool.
func drainPool() error {
	p := svc.NewPool(2)
	var done atomic.Int32
	err := conctest.Together(2, func(int) error {
		for range 10 {
			if err := p.Submit(func() { done.Add(1) }); err != nil {
				return err
			}
		}
		return nil
	})
	p.Close()
	if got := done.Load(); got != 20 {
		return fmt.Errorf("%d of 20 jobs ran", got)
	}
	return err
}

// submitAfterClose is the shutdown bug of 1.2: a job submitted during
// shutdown is refused, and the caller dropped it.
func submitAfterClose() error {
	p := svc.NewPool(1)
	p.Close()
	if err := p.Submit(func() {}); err != nil {
		return fmt.Errorf("job dropped at shutdown: %w", err)
	}
	return nil
}

// badRequest has a job panic on its input; the pool must log it and
// run the next job.
func badRequest() error {
	p := svc.NewPool(1)
	var after atomic.Bool
	_ = p.Submit(func() { panic("bad input") })
	_ = p.Submit(func() { after.Store(true) })
	p.Close()
	if !after.Load() {
		return errors.New("the job after a panicking one never ran")
	}
	return nil
}

func TestPoolDrains(t *testing.T) {
	conctest.ProveClean(t, drainPool)
}

func TestPoolSurvivesPanickingJob(t *testing.T) {
	conctest.ProveClean(t, badRequest)
}

func TestPoolPanickingJobDiagnosis(t *testing.T) {
	wantVerdicts(t, "a job's recovered panic", conctest.Diagnose(t, badRequest), clean)
}
