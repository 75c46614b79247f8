package prodconstest

import (
	"testing"
	"testing/synctest"

	"github.com/racelab/racelab/prodcons"
)

// The work of an item after the half-way one waits until the cancel has
// returned, and so until every context derived from the workload's is
// done; the half-way one's work does not wait for anything.
func TestHalfwayLaterItemsWaitForTheCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 10
		release := make(chan struct{})
		half := halfway(func() { <-release }, n) // a cancel still at work
		var cancelled, later bool
		go func() { half(n / 2); cancelled = true }()
		go func() { half(n/2 + 1); later = true }()
		go func() { half(n/2 - 1) }() // before the half-way: never waits
		synctest.Wait()
		if later {
			t.Fatal("the work of the item after the half-way one went on while the cancel was at work")
		}
		close(release)
		synctest.Wait()
		if !cancelled || !later {
			t.Fatalf("after the cancel returned: half-way done %v, later item done %v; want both", cancelled, later)
		}
	})
}

// A correct pipeline cancelled half-way stops early with the context's
// error. Without halfway's wait, ErrGroup (errgroup.WithContext) now and
// then handled every item and returned nil: its context is cancelled by
// the goroutine that cancels the caller's, after the caller's reports
// done, and that goroutine was descheduled in between: under -race, 3
// runs of this test out of 3 failed, at tries 1,023 to 1,582.
func TestCancelHalfwayStopsACorrectPipeline(t *testing.T) {
	for i := range 3000 {
		if err := Deliver(prodcons.ErrGroup, 1000, 4, Cancel); err != nil {
			t.Fatalf("try %d: %v", i, err)
		}
	}
}
