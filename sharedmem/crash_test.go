package sharedmem_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/sharedmem"
)

// The parent retries in SpinLock.Lock for a lock whose holder is dead,
// and so do the survivors, until the watchdog.
func TestHangSpinLock(t *testing.T) {
	conctest.Prove(t, conctest.Hang, "sharedmem.SpinLock.Lock", killHolder(sharedmem.SpinLock{}))
}

func TestNoHangFlock(t *testing.T) {
	conctest.ProveClean(t, killHolder(sharedmem.Flock{}),
		conctest.Twin(conctest.Hang, "sharedmem.SpinLock.Lock", killHolder(sharedmem.SpinLock{})))
}

// When a scenario hangs, its workers hang with it; when the conctest
// child ends, its workers end too (Pdeathsig, and its process group), so
// none is left once the report is back.
func TestNothingOutlivesAHang(t *testing.T) {
	tag := tagWorkers(t)
	r := conctest.Diagnose(t, killHolder(sharedmem.SpinLock{}))
	if !r.Has(conctest.Hang) {
		t.Fatalf("KillHolder(SpinLock): no Hang\n%s", r.Excerpt())
	}
	if pids := tagged(tag); len(pids) > 0 {
		t.Errorf("after the hung scenario, worker processes %v are still alive", pids)
	}
}
