package conctest

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Flaky bugs, as real regressions are: each shows in about one run of
// twenty. Repeat finds them in one call.

// repeatBudget is what these proofs give Repeat: what a CI job would.
const repeatBudget = 10 * time.Second

func sometimes() bool { return rand.IntN(20) == 0 }

func flakyLeak() error {
	if sometimes() {
		return leakySend()
	}
	return nil
}

func flakyRace() error {
	if sometimes() {
		return racyIncrement()
	}
	return lockedIncrement()
}

func TestRepeatFindsAFlakyLeak(t *testing.T) {
	Prove(t, Leak, "conctest.leakySend", flakyLeak, Repeat(0, repeatBudget))
}

func TestRepeatFindsAFlakyRace(t *testing.T) {
	Prove(t, Race, "conctest.racyIncrement", flakyRace, Repeat(0, repeatBudget), Copies(2))
}

func TestRepeatSaysWhenItFound(t *testing.T) {
	r := Diagnose(t, flakyLeak, Repeat(0, repeatBudget))
	assert.Equal(t, []Verdict{Leak}, r.Verdicts())
	assert.Equal(t, 0, r.MaxTries, "as many tries as the budget allows")
	assert.Less(t, r.After, repeatBudget, "it stopped at the finding")
	assert.Contains(t, r.String(), "found at try")
}

// ProveClean with Repeat runs the fix every try the budget allows.
func TestRepeatRunsAFixEveryTry(t *testing.T) {
	r := Diagnose(t, lockedIncrement, Repeat(50, repeatBudget), Copies(2), Bubble())
	assert.Equal(t, []Verdict{Clean}, r.Verdicts())
	assert.Equal(t, 50, r.Tries)
	assert.Contains(t, r.String(), "clean in 50 tries of at most 50")
}

// Goroutines that end on their own, within the horizon goleak waits, are
// neither a Leak nor Blocked: the bubble lets its fake time run on before
// it judges. These failed as Blocked before.
func TestNoBlockedForSleepersAndTimers(t *testing.T) {
	t.Parallel() // waits on timeouts, not on a core
	sleeper := func() error {
		go time.Sleep(100 * time.Millisecond)
		return nil
	}
	timer := func() error {
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(200 * time.Millisecond):
			}
		}()
		return nil
	}
	afterFunc := func() error {
		var wg sync.WaitGroup
		wg.Add(1)
		time.AfterFunc(50*time.Millisecond, wg.Done)
		go wg.Wait() // ends when the timer fires
		return nil
	}
	for name, fn := range map[string]func() error{"sleeper": sleeper, "timer": timer, "afterFunc": afterFunc} {
		t.Run(name, func(t *testing.T) { ProveClean(t, fn, Bubble(), Repeat(5, repeatBudget)) })
	}
}

// A goroutine that spins keeps a bubble's fake time from advancing, so a
// short sleep never ends there: no Hang, but a note that the bubble could
// not judge; the plain run's verdicts stand.
func TestSpinningIsNoFakeTimeHang(t *testing.T) {
	spin := func() error {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for deadline := time.Now().Add(300 * time.Nanosecond); time.Now().Before(deadline); {
			}
		}()
		<-done
		return nil
	}
	r := Diagnose(t, spin, Bubble(), Timeout(500*time.Millisecond))
	assert.Equal(t, []Verdict{Clean}, r.Verdicts())
	if assert.Len(t, r.Notes, 1) {
		assert.Contains(t, r.Notes[0], "fake time cannot advance")
	}
}

// A real deadlock in the bubble is still Blocked, sleepers or not.
func TestBlockedAfterTheHorizon(t *testing.T) {
	Prove(t, Blocked, "conctest.TestBlockedAfterTheHorizon.func1", func() error {
		ch := make(chan int)
		go func() {
			time.Sleep(10 * time.Millisecond)
			ch <- 1 // nobody receives
		}()
		return nil
	})
}
