package capture_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
)

// No lesson of this package marks an interleaving point: each bug shows
// on every run without one. So its test binary holds no window, and
// window.Required, which the other lesson packages call first, would stop
// it in every build.
func TestMain(m *testing.M) {
	static.Batch("testdata/fatalgoroutine", "testdata/loopclosure") // the vet lessons: one run of each analyzer
	conctest.Main(m)
}
