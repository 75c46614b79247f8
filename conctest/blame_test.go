package conctest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The blame rules, on recorded evidence. testdata/trimpath holds the
// controls' reports recorded under go test -race -trimpath.

// recorded parses a recorded child output in testdata.
func recorded(t *testing.T, file string) *Report {
	t.Helper()
	out, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	return &Report{Findings: Parse(string(out), "recorded"), Output: string(out)}
}

// go-deadlock prints "???" for a lock site's source when it cannot read
// the file (under -trimpath, or on another machine): such sites were
// not read at all, and every go-deadlock proof failed.
func TestDeadlockSiteWithoutSource(t *testing.T) {
	for file, blame := range map[string]string{
		"trimpath/lockorder.txt":   "conctest.lockPair",
		"trimpath/recursive.txt":   "conctest.lockTwice",
		"trimpath/locktimeout.txt": "conctest.lockHeldElsewhere",
	} {
		r := recorded(t, file)
		for _, v := range []Verdict{LockOrder, Recursive, LockTimeout} {
			if r.Has(v) {
				assert.NoError(t, r.Check(v, blame), "%s: %s", file, v)
			}
		}
	}
	got := deadlockStacks("a/b c.go:12 p.(*T).M ??? <<<<<\nb.go:3 p.F { mu.Lock() }\nb.go:4 p.G ???\n")
	want := [][]frame{{{fn: "p.(*T).M", file: "a/b c.go"}, {fn: "p.F", file: "b.go"}, {fn: "p.G", file: "b.go"}}}
	assert.Equal(t, want, got, `deadlockStacks of sites with and without source`)
}
