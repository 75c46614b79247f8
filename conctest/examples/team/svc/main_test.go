package svc_test

import (
	"log"
	"slices"
	"testing"

	"github.com/racelab/racelab/conctest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	log.SetFlags(0)
	// The default store's janitor runs for the life of the process, by
	// design: it is no leak.
	conctest.Main(m, goleak.IgnoreTopFunction("example.com/team/svc.(*Janitor).loop"))
}

var clean = []conctest.Verdict{conctest.Clean}

// wantVerdicts fails t unless r holds exactly want.
func wantVerdicts(t *testing.T, what string, r *conctest.Report, want []conctest.Verdict) {
	t.Helper()
	if got := r.Verdicts(); !slices.Equal(got, want) {
		t.Errorf("%s: verdicts %v, want %v\n%s", what, got, want, r)
	}
}
