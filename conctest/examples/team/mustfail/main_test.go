package mustfail_test

import (
	"os"
	"testing"

	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// mustFail skips the test unless TEAM_MUSTFAIL=1: each test here fails
// when it works.
func mustFail(tb testing.TB) {
	tb.Helper()
	if os.Getenv("TEAM_MUSTFAIL") != "1" {
		tb.Skip("fails by design; run with TEAM_MUSTFAIL=1")
	}
}
