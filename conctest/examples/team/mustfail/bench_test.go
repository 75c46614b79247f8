package mustfail_test

import (
	"testing"

	"github.com/racelab/racelab/conctest"
)

// Proofs run from tests; a benchmark measures.
func BenchmarkDrainProof(b *testing.B) {
	mustFail(b)
	conctest.ProveClean(b, closedPool)
}
