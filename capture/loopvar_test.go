package capture_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/capture"
	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/capturetest"
)

func TestRaceOneVarPerLoop(t *testing.T) {
	conctest.Prove(t, conctest.Race, "capture.OneVarPerLoop", squareAll(capture.OneVarPerLoop))
}

func TestLostOneVarPerLoop(t *testing.T) {
	conctest.Prove(t, conctest.Lost, "capture.OneVarPerLoop([1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16]): got", squareAll(capture.OneVarPerLoop))
}

func TestVetGoLastInLoop(t *testing.T) {
	static.Prove(t, "testdata/loopclosure", "loop variable x captured by func literal")
}

func TestNoRaceValueAsArgument(t *testing.T) {
	conctest.ProveClean(t, squareAll(capture.ValueAsArgument),
		conctest.Twin(conctest.Race, "capture.OneVarPerLoop", squareAll(capture.OneVarPerLoop)))
}

func TestNoRaceOneVarPerIteration(t *testing.T) {
	conctest.ProveClean(t, squareAll(capture.OneVarPerIteration),
		conctest.Twin(conctest.Race, "capture.OneVarPerLoop", squareAll(capture.OneVarPerLoop)))
}

func squareAll(s capturetest.Squares) func() error {
	return func() error { return capturetest.SquareAll(s) }
}

func ExampleValueAsArgument() {
	fmt.Println(capture.ValueAsArgument([]int{1, 2, 3}))
	// Output: [1 4 9]
}

func ExampleOneVarPerIteration() {
	fmt.Println(capture.OneVarPerIteration([]int{1, 2, 3}))
	// Output: [1 4 9]
}
