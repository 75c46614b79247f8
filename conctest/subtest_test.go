package conctest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A table may name two subtests alike, which the testing package names
// "same" and "same#01". The child of a call in the second must start the
// first too, or its second would be "same" and never reach the call.
func TestRunReachesADuplicateSubtest(t *testing.T) {
	proofs := []struct {
		name  string
		proof func(t *testing.T)
	}{
		{"same", func(t *testing.T) { ProveClean(t, lockedIncrement) }},
		{"same", func(t *testing.T) { Prove(t, Leak, "conctest.leakySend", leakySend) }},
		{"other", func(t *testing.T) { Prove(t, Leak, "conctest.leakySend", leakySend) }},
	}
	for _, p := range proofs {
		Run(t, p.name, p.proof)
	}
}

func TestOffTheWay(t *testing.T) {
	call := runPattern("TestTable/same#01/deep.er")
	for _, c := range []struct {
		parent, name string
		off          bool
	}{
		{"TestTable", "same", false},       // the call's, or its duplicate's stem
		{"TestTable", "same#01", false},    // a '#': as the testing package names it
		{"TestTable", "other", true},       // plain, and not the call's
		{"TestTable", "sam", true},         // a prefix is another name
		{"TestTable", "with space", false}, // rewritten: "with_space"
		{"TestTable", "a/b", false},        // two levels
		{"TestTable", "", false},           // named "#00"
		{"TestTable/same#01", "deep.er", false},
		{"TestTable/same#01", "deepxer", true},        // the pattern is quoted
		{"TestTable/same#01/deep.er", "below", false}, // past the pattern: all match
	} {
		assert.Equal(t, c.off, offTheWay(call, c.parent, c.name), "offTheWay(%q, %q, %q)", call, c.parent, c.name)
	}
}
