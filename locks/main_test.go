package locks_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/internal/window"
)

func TestMain(m *testing.M) {
	window.Required()
	conctest.Main(m)
}
