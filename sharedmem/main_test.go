package sharedmem_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/sharedmem"
)

// A worker process is this test binary re-executed: sharedmem's init
// runs the worker and exits before TestMain is reached.
func TestMain(m *testing.M) { conctest.Main(m) }

// The workloads, as conctest runs them.

func interleave(c sharedmem.Counter) func() error {
	return func() error { return sharedmem.Interleave(c) }
}

func doubleAll(c sharedmem.Claimer) func() error {
	return func() error { return sharedmem.DoubleAll(c) }
}

func countVisits(v sharedmem.Visitor) func() error {
	return func() error { return sharedmem.CountVisits(v) }
}

func killHolder(l sharedmem.ProcessLock) func() error {
	return func() error { return sharedmem.KillHolder(l) }
}

func submit(t sharedmem.Task) func() error {
	return func() error { return sharedmem.Submit(t) }
}
