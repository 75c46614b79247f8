package locks_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }
