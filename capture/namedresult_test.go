package capture_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/capture"
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/capturetest"
)

func TestRaceNamedResult(t *testing.T) {
	conctest.Prove(t, conctest.Race, "capture.NamedResult", timesOut(capture.NamedResult))
}

func TestNoRaceWorkerLocals(t *testing.T) {
	conctest.ProveClean(t, timesOut(capture.WorkerLocals),
		conctest.Twin(conctest.Race, "capture.NamedResult", timesOut(capture.NamedResult)))
}

func timesOut(c capturetest.Call) func() error {
	return func() error { return capturetest.TimesOut(c) }
}

func ExampleWorkerLocals() {
	fetch := func(context.Context) (int, error) { return 42, nil }
	v, err := capture.WorkerLocals(context.Background(), time.Minute, fetch)
	fmt.Println(v, err)
	// Output: 42 <nil>
}
