package gate

import (
	"testing"

	"github.com/racelab/racelab/conctest"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// lookups has two goroutines look up a key at once.
func lookups(get func(*Cache, string) (string, bool)) func() error {
	return func() error {
		c := New()
		c.Put("k", "v")
		return conctest.Together(2, func(int) error {
			get(c, "k")
			return nil
		})
	}
}

func TestRaceGet(t *testing.T) {
	conctest.Prove(t, conctest.Race, "gate.(*Cache).Get", lookups((*Cache).Get))
}

func TestNoRaceGetLocked(t *testing.T) {
	conctest.ProveClean(t, lookups((*Cache).GetLocked),
		conctest.Twin(conctest.Race, "gate.(*Cache).Get", lookups((*Cache).Get)))
}

func TestRecursiveRefresh(t *testing.T) {
	conctest.Prove(t, conctest.Recursive, "gate.(*Cache).Refresh", func() error {
		New().Refresh("k", "v")
		return nil
	})
}
