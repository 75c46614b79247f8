package sharedmem_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/sharedmemtest"
	"github.com/racelab/racelab/sharedmem"
)

func TestLostPlain(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "sharedmem.Plain", interleave(sharedmem.Plain{}))
}

// The blind spot, tested: the same run, every detector at once. Two
// processes lose an update on every run, and the race detector says
// nothing, because it sees neither the other process nor mapped memory.
func TestBlindSpotPlain(t *testing.T) {
	r := conctest.Diagnose(t, interleave(sharedmem.Plain{}))
	if !r.Has(conctest.Lost) {
		t.Errorf("Interleave(Plain): no Lost verdict\n%s", r.Excerpt())
	}
	if r.RaceOff {
		t.Skip("the race detector's silence is checked only with -race: run make test-race")
	}
	if got := r.Said(conctest.RaceDetector); len(got) != 1 || got[0] != conctest.Clean {
		t.Errorf("Interleave(Plain): race detector said %v, want Clean (it cannot see other processes)\n%s", got, r.Excerpt())
	}
}

// The twin is Atomic with its Add split into a Load and a Store: the
// window is inside an Inc, so the workload must reach it.
func TestNoLostAtomic(t *testing.T) {
	conctest.ProveClean(t, interleave(sharedmem.Atomic{}),
		conctest.Twin(conctest.Lost, "sharedmem.AtomicLoadStore", interleave(sharedmem.AtomicLoadStore{})))
}

// Locked and Owner fix Plain: the same workload on it loses an update.
var plainTwin = conctest.Twin(conctest.Lost, "sharedmem.Plain", interleave(sharedmem.Plain{}))

func TestNoLostLocked(t *testing.T) {
	conctest.ProveClean(t, interleave(sharedmem.Locked{}), plainTwin)
}

func TestNoLostOwner(t *testing.T) {
	conctest.ProveClean(t, interleave(sharedmem.Owner{}), plainTwin)
}

func ExampleAtomic() {
	fmt.Println(sharedmemtest.Count(sharedmem.Atomic{}, 2, 1000))
	// Output: 2000 <nil>
}

func ExampleLocked() {
	fmt.Println(sharedmemtest.Count(sharedmem.Locked{}, 2, 1000))
	// Output: 2000 <nil>
}

func ExampleOwner() {
	fmt.Println(sharedmemtest.Count(sharedmem.Owner{}, 2, 1000))
	// Output: 2000 <nil>
}
