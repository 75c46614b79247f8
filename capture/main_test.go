package capture_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
)

// No lesson of this package marks an interleaving point: each bug shows
// on every run without one. So its test binary holds no window, and
// window.Required, which the other lesson packages call first, would stop
// it in every build.
func TestMain(m *testing.M) { conctest.Main(m) }
