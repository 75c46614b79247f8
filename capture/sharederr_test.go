package capture_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/racelab/racelab/capture"
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/capturetest"
)

func TestRaceSharedErr(t *testing.T) {
	conctest.Prove(t, conctest.Race, "capture.SharedErr", failTwice(capture.SharedErr))
}

func TestNoRaceErrPerGoroutine(t *testing.T) {
	conctest.ProveClean(t, failTwice(capture.ErrPerGoroutine),
		conctest.Twin(conctest.Race, "capture.SharedErr", failTwice(capture.SharedErr)))
}

func TestNoRaceErrGroup(t *testing.T) {
	conctest.ProveClean(t, failTwice(capture.ErrGroup),
		conctest.Twin(conctest.Race, "capture.SharedErr", failTwice(capture.SharedErr)))
}

func failTwice(r capturetest.RunAll) func() error {
	return func() error { return capturetest.FailTwice(r) }
}

func ExampleErrPerGoroutine() {
	err := capture.ErrPerGoroutine([]func() error{
		func() error { return errors.New("disk full") },
		func() error { return nil },
		func() error { return errors.New("host down") },
	})
	fmt.Println(err)
	// Output:
	// disk full
	// host down
}

func ExampleErrGroup() {
	err := capture.ErrGroup([]func() error{
		func() error { return nil },
		func() error { return errors.New("host down") },
	})
	fmt.Println(err)
	// Output: host down
}
