package sharedmem_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/sharedmemtest"
	"github.com/racelab/racelab/internal/window"
)

// A worker process is this test binary re-executed: the package that
// registered its role (worker.Handle) runs it and exits before TestMain
// is reached.
func TestMain(m *testing.M) {
	window.Required()
	conctest.Main(m)
}

// The workloads (internal/sharedmemtest), as conctest runs them.

func interleave(c sharedmemtest.Counter) func() error {
	return func() error { return sharedmemtest.Interleave(c) }
}

func doubleAll(c sharedmemtest.Claimer) func() error {
	return func() error { return sharedmemtest.DoubleAll(c) }
}

func countVisits(v sharedmemtest.Visitor) func() error {
	return func() error { return sharedmemtest.CountVisits(v) }
}

func killHolder(l sharedmemtest.ProcessLock) func() error {
	return func() error { return sharedmemtest.KillHolder(l) }
}

func submit(t sharedmemtest.Task) func() error {
	return func() error { return sharedmemtest.Submit(t) }
}
