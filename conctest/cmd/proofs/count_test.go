package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// summarize runs the summary on a recorded go test -json stream and
// returns the tally, what it printed, and its Markdown.
func summarize(t *testing.T, stream string) (*tally, string, string) {
	t.Helper()
	tl := newTally()
	var out strings.Builder
	require.NoError(t, tl.read(strings.NewReader(stream), &out))
	tl.summary(&out)
	path := filepath.Join(t.TempDir(), "summary.md")
	require.NoError(t, tl.appendMarkdown(path))
	md, err := os.ReadFile(path)
	require.NoError(t, err)
	return tl, out.String(), string(md)
}

func recorded(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

// testdata/failures.json is go test -json on three packages: in p four
// proofs fail, two of them subtests whose parents fail with them; b does
// not build; m's tests pass and its TestMain exits 3. Four proofs
// failed, and two packages failed with no failed test.
func TestSummaryCountsFailedProofs(t *testing.T) {
	tl, out, md := summarize(t, recorded(t, "failures.json"))
	assert.Equal(t, 4, tl.failed, "failed proofs")
	assert.Equal(t, 2, tl.passed, "passed proofs: a subtest and a test, not the subtest's parent")
	assert.Contains(t, out, "proofs: 2 passed, 4 failed, 0 skipped")
	assert.NotContains(t, out+md, "(no message)")
	assert.Contains(t, md, "2 passed, 4 failed, 0 skipped")
	for _, m := range []string{
		"p.TestNoRaceAddBeforeGo/cancel: TestNoRaceAddBeforeGo/cancel: not clean: want Clean, got race said Race",
		"p.TestRaceFlagEvent: TestRaceFlagEvent: Race not proven",
		"p.TestLeakLookup/unbuffered: TestLeakLookup/unbuffered: Leak not proven",
		"p.TestVetCopyValue: TestVetCopyValue: Vet not proven",
	} {
		assert.Contains(t, md, "- `"+m, "a failed proof in the Markdown")
	}
	assert.NotContains(t, md, "- `p.TestNoRaceAddBeforeGo:", "a parent that failed for its subtest")
	assert.NotContains(t, md, "- `p.TestLeakLookup:", "a parent that failed for its subtest")

	assert.Contains(t, out, "packages that failed with no failed test: 2\n"+
		"  example.com/rec/b (build failed):\n"+
		"    # example.com/rec/b [example.com/rec/b.test]\n"+
		"    b/b_test.go:5:28: undefined: undefinedThing\n"+
		"  example.com/rec/m:\n"+
		"    goleak: found unexpected goroutines after the tests: [Goroutine 7 in state chan receive]\n")
	assert.Contains(t, md, "- `example.com/rec/m` (package, no test failed): goleak: found unexpected goroutines after the tests")
	assert.Contains(t, md, "- `example.com/rec/b` (package, no test failed): build failed: b/b_test.go:5:28: undefined: undefinedThing")
	assert.Equal(t, 1, strings.Count(out, "example.com/rec/m:\n"), "the package failure is reported once")
}

// A parent that fails on its own, its subtests passing or not, is a
// failed proof of its own.
func TestSummaryCountsAParentsOwnFailure(t *testing.T) {
	stream := `{"Action":"output","Package":"x/p","Test":"TestA/sub","Output":"    a_test.go:3: TestA/sub: Race not proven: no race reported\n"}
{"Action":"fail","Package":"x/p","Test":"TestA/sub"}
{"Action":"output","Package":"x/p","Test":"TestA","Output":"    a_test.go:9: TestA: not clean: want Clean, got goleak said Leak\n"}
{"Action":"fail","Package":"x/p","Test":"TestA"}
{"Action":"output","Package":"x/p","Test":"TestB/sub","Output":"    b_test.go:3: proven: Clean under race [3ms]\n"}
{"Action":"pass","Package":"x/p","Test":"TestB/sub"}
{"Action":"output","Package":"x/p","Test":"TestB","Output":"    b_test.go:8: cells: race=Clean\n"}
{"Action":"output","Package":"x/p","Test":"TestB","Output":"    b_test.go:9: TestB: Leak not proven: no leak reported\n"}
{"Action":"fail","Package":"x/p","Test":"TestB"}
{"Action":"fail","Package":"x/p"}
`
	tl, out, md := summarize(t, stream)
	assert.Equal(t, 3, tl.failed, "TestA/sub, TestA and TestB")
	assert.Equal(t, 1, tl.passed, "TestB/sub")
	assert.NotContains(t, out, "packages that failed with no failed test")
	assert.Contains(t, md, "- `p.TestB: TestB: Leak not proven: no leak reported`", "the line in which the proof failed, not the first it logged")
}
