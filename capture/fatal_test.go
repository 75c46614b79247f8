package capture_test

import (
	"testing"

	"github.com/racelab/racelab/capture"
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/capturetest"
)

func TestLostFatalInHelper(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "capture.FatalInHelper: returned after a check failed", stopsAtFailure(capture.FatalInHelper))
}

func TestVetFatalInGoroutine(t *testing.T) {
	static.Prove(t, "testdata/fatalgoroutine", "call to (*testing.T).Fatal from a non-test goroutine")
	static.Prove(t, "testdata/fatalgoroutine", "must be called in the same goroutine as the test")
}

func TestNoLostErrorThenFailNow(t *testing.T) {
	conctest.ProveClean(t, stopsAtFailure(capture.ErrorThenFailNow),
		conctest.Twin(conctest.Lost, "capture.FatalInHelper: returned after a check failed", stopsAtFailure(capture.FatalInHelper)))
}

func TestNoLostErrsToCaller(t *testing.T) {
	conctest.ProveClean(t, stopsAtFailure(capture.ErrsToCaller),
		conctest.Twin(conctest.Lost, "capture.FatalInHelper: returned after a check failed", stopsAtFailure(capture.FatalInHelper)))
}

func stopsAtFailure(m capturetest.MustAll) func() error {
	return func() error { return capturetest.StopsAtFailure(m) }
}

// On the test's goroutine, as a test calls them, the fixes pass when
// every check does.
func TestErrsToCallerPasses(t *testing.T) {
	pass := func() error { return nil }
	capture.ErrsToCaller(t, []func() error{pass, pass})
	capture.ErrorThenFailNow(t, []func() error{pass, pass})
}
