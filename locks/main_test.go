package locks_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/internal/window"
)

func TestMain(m *testing.M) {
	window.Required()
	static.Batch("testdata/copylock", "testdata/spinflag") // the vet lessons: one run of each analyzer
	conctest.Main(m)
}
