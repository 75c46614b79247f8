package svc_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

var errUpstream = errors.New("upstream: 503")

// twoFailures has two failing requests recorded at once.
func twoFailures(observe func(*svc.Metrics, time.Duration, error)) func() error {
	return func() error {
		m := new(svc.Metrics)
		err := conctest.Together(2, func(int) error {
			observe(m, time.Millisecond, errUpstream)
			return nil
		})
		if s := m.Snapshot(); s.Errors != 2 {
			return fmt.Errorf("%d errors recorded, want 2", s.Errors)
		}
		return err
	}
}

func TestSnapshot(t *testing.T) {
	var m svc.Metrics
	m.ObserveLocked(10*time.Millisecond, nil)
	m.ObserveLocked(30*time.Millisecond, errUpstream)
	want := svc.Snapshot{Requests: 2, Errors: 1, Mean: 20 * time.Millisecond, LastErr: "upstream: 503"}
	if got := m.Snapshot(); got != want {
		t.Errorf("Snapshot() = %+v, want %+v", got, want)
	}
	t.Logf("snapshot: %+v", m.Snapshot())
}

// INC-248: the error count went wrong under load.
func TestObserveRaces(t *testing.T) {
	conctest.Prove(t, conctest.Race, "svc.(*Metrics).recordError", twoFailures((*svc.Metrics).Observe))
}

func TestObserveLocked(t *testing.T) {
	conctest.ProveClean(t, twoFailures((*svc.Metrics).ObserveLocked),
		conctest.Twin(conctest.Race, "svc.(*Metrics).recordError", twoFailures((*svc.Metrics).Observe)))
}
