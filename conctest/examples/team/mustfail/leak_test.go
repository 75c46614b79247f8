package mustfail_test

import (
	"os/exec"
	"runtime"
	"sync/atomic"
	"testing"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

func closedPool() error {
	p := svc.NewPool(2)
	_ = p.Submit(func() {})
	p.Close()
	return nil
}

// leakyPool forgets to close its pool: its workers are left running.
func leakyPool() error {
	p := svc.NewPool(2)
	var done atomic.Int32
	_ = p.Submit(func() { done.Add(1) })
	return nil
}

func countTwice() error { return hammer(2)() }

func TestLeakInMapTable(t *testing.T) {
	mustFail(t)
	for name, fn := range map[string]func() error{
		"closed": closedPool,
		"leaky":  leakyPool,
		"count":  countTwice,
	} {
		t.Logf("proving %s", name)
		conctest.ProveClean(t, fn)
	}
}

// A process the function starts must not outlive the test binary. The
// racelab suite runs this with go test -timeout 4s and looks for the
// sleep afterwards.
func TestProcessOfKilledTest(t *testing.T) {
	mustFail(t)
	if runtime.GOOS != "linux" {
		t.Skip("the orphan check is Linux-only")
	}
	conctest.ProveClean(t, func() error {
		if err := exec.Command("sleep", "97.531").Start(); err != nil {
			return err
		}
		select {} // waits for a reply that never comes
	})
}
