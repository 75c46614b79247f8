package racelab

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every lesson file of the catalog has its prose, and no prose is left
// over from a lesson that is gone.
func TestGuideCoversEveryLesson(t *testing.T) {
	var files []string
	for _, p := range lessonPages() {
		files = append(files, p.file)
		l := lessons[p.file]
		assert.True(t, l.title != "" && l.python != "" && l.inGo != "", "%s: no title, Python idiom or Go paragraph in guide_lessons_test.go", p.file)
	}
	assert.ElementsMatch(t, files, slices.Collect(maps.Keys(lessons)), "lessons of the catalog vs prose in guide_lessons_test.go")
}

// A report is made stable and portable: a real race report, as a child
// in this checkout printed it, loses its addresses, offsets, absolute
// paths and harness frames, and its goroutines are numbered from 1.
func TestNormalizeReport(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	env, err := goEnv()
	require.NoError(t, err)
	raw := strings.NewReplacer("WD", wd, "GOROOT", env["GOROOT"]).Replace(`WARNING: DATA RACE
Read at 0x00c00009a7b8 by goroutine 11:
  github.com/racelab/racelab/counter.(*Unsync).Inc()
      WD/counter/lostupdate.go:15 +0x28
  github.com/racelab/racelab/counter.Hammer.func1()
      WD/counter/workload.go:26 +0x61

Previous write at 0x00c00009a7b8 by goroutine 10:
  github.com/racelab/racelab/counter.(*Unsync).Inc()
      WD/counter/lostupdate.go:15 +0x3a

Goroutine 11 (running) created at:
  sync.(*WaitGroup).Go()
      GOROOT/src/sync/waitgroup.go:238 +0x72
  github.com/racelab/racelab.init.hammer.on[go.shape.struct { github.com/racelab/racelab/counter.n int64 },go.shape.*github.com/racelab/racelab/counter.Unsync].func1()
      WD/scenarios_test.go:50 +0x89
  github.com/racelab/racelab/conctest.guarded()
      WD/conctest/run.go:163 +0xd9
==================`)
	assert.Equal(t, `WARNING: DATA RACE
Read at 0x… by goroutine 1:
  github.com/racelab/racelab/counter.(*Unsync).Inc()
      counter/lostupdate.go:15
  github.com/racelab/racelab/counter.Hammer.func1()
      counter/workload.go:26

Previous write at 0x… by goroutine 2:
  github.com/racelab/racelab/counter.(*Unsync).Inc()
      counter/lostupdate.go:15

Goroutine 1 (running) created at:
  sync.(*WaitGroup).Go()
      $GOROOT/src/sync/waitgroup.go:238
==================`, normalizeReport(raw))

	dump := strings.NewReplacer("WD", wd).Replace(`goroutine 23 [chan receive, 2 minutes]:
github.com/racelab/racelab/prodcons.(*queue).getUntilNone(0xc0000a8c80, 0xc00009ed80)
	WD/prodcons/sentinel.go:101 +0x97
github.com/racelab/racelab/prodcons.Drain[...](...)
	WD/prodcons/sentinel.go:90
created by github.com/racelab/racelab/prodcons.OneSentinel in goroutine 21
	WD/prodcons/sentinel.go:25 +0xe5`)
	assert.Equal(t, `goroutine 1 [chan receive]:
github.com/racelab/racelab/prodcons.(*queue).getUntilNone(...)
	prodcons/sentinel.go:101
github.com/racelab/racelab/prodcons.Drain[...](...)
	prodcons/sentinel.go:90
created by github.com/racelab/racelab/prodcons.OneSentinel in goroutine 2
	prodcons/sentinel.go:25`, normalizeReport(dump))

	long := strings.Repeat("line\n", maxReportLines+7)
	assert.True(t, strings.HasSuffix(normalizeReport(long), "… (7 more lines)"), "a long report is capped, and says by how much")
}

// A review diff is the fix as a change of the broken code: the broken
// name is the fix's, doc comments are left out, the comments in the
// code stay. An exercise shows the broken code without its Broken:
// paragraph or comments.
func TestGuideCode(t *testing.T) {
	unsync, mutex := rowOf(t, "counter.Unsync"), rowOf(t, "counter.Mutex")
	d, err := reviewDiff(t, unsync, mutex)
	require.NoError(t, err)
	assert.Contains(t, d, "--- counter.Unsync (broken)\n+++ counter.Mutex (fixed)\n")
	assert.Contains(t, d, "-func (c *Mutex) Inc()         { c.n++ } // unsynchronized read-modify-write\n")
	assert.Contains(t, d, "+\tc.mu.Lock()\n")
	assert.NotContains(t, d, "Broken:", "doc comments are not part of the diff")

	src, err := variantSource(t, unsync)
	require.NoError(t, err)
	answer := src.text(true, true)
	assert.Contains(t, answer, "// Unsync is a counter with no synchronization at all.\n//\n// Broken: ")
	assert.Contains(t, answer, "{ c.n++ } // unsynchronized read-modify-write\nfunc (c *Unsync) Value()", "declarations that touch in the file touch on the page")
	atomic, err := variantSource(t, rowOf(t, "counter.Atomic"))
	require.NoError(t, err)
	assert.NotContains(t, atomic.text(true, true), "setWindow", "a method the tests need, kept out of the lesson file, is not on its page")
	exercise := src.text(true, false)
	assert.Contains(t, exercise, "// Unsync is a counter with no synchronization at all.\ntype Unsync struct {")
	assert.NotContains(t, exercise, "Broken:")
	assert.NotContains(t, exercise, "unsynchronized", "an exercise keeps no comment that gives the answer away")

	assert.Equal(t, "func NewMutex() *Mutex { return new(Mutex) } // Unsyncs", renameIdent("func NewUnsync() *Unsync { return new(Unsync) } // Unsyncs", "Unsync", "Mutex"))
}

// Every broken variant of a lesson is reviewed against a fix, and every
// fix against a broken variant.
func TestGuideReviewPairs(t *testing.T) {
	got := map[string][]string{}
	for _, p := range lessonPages() {
		for _, pair := range reviewPairs(p) {
			got[p.file] = append(got[p.file], pair[0].variant+" → "+pair[1].variant)
		}
	}
	assert.Equal(t, []string{"counter.Unsync → counter.Mutex", "counter.Unsync → counter.Atomic"}, got["counter/lostupdate.go"])
	assert.Equal(t, []string{"counter.LoadStore → counter.Sharded"}, got["counter/sharded.go"], "a lesson with only a fix is reviewed against its twin")
	assert.Len(t, got["locks/cond.go"], 3, "each of cond.go's three broken variants, against the fix")
	for _, p := range lessonPages() {
		for _, r := range p.rows {
			in := slices.ContainsFunc(got[p.file], func(s string) bool { return strings.Contains(s, r.variant+" ") || strings.HasSuffix(s, " "+r.variant) })
			assert.True(t, in || isBroken(r) && len(got[p.file]) == 0, "%s: %s is in no review of its lesson", p.file, r.variant)
		}
	}
}

func rowOf(t *testing.T, variant string) row {
	i := slices.IndexFunc(catalog, func(r row) bool { return r.variant == variant })
	require.GreaterOrEqual(t, i, 0, "no row %s", variant)
	return catalog[i]
}

// The check compares byte for byte, both ways: a changed, a missing and
// a left-over page are each stale.
func TestCompareGuide(t *testing.T) {
	dir := t.TempDir()
	pages := map[string]string{"README.md": "index\n", "a.md": "a\n", "exercises/a.md": "find it\n"}
	require.NoError(t, writeGuide(dir, pages))
	assert.Empty(t, compareGuide(dir, pages))

	changed := maps.Clone(pages)
	changed["a.md"] = "a, changed\n"
	assert.Contains(t, compareGuide(dir, changed), "a.md differs")

	fewer := maps.Clone(pages)
	delete(fewer, "exercises/a.md")
	assert.Contains(t, compareGuide(dir, fewer), "a page of no lesson")

	more := maps.Clone(pages)
	more["b.md"] = "b\n"
	assert.Contains(t, compareGuide(dir, more), "b.md is missing")

	require.NoError(t, writeGuide(dir, fewer))
	_, err := os.Stat(filepath.Join(dir, "exercises", "a.md"))
	assert.True(t, os.IsNotExist(err), "writing the guide removes a page of a lesson that is gone")
}

// The check reads a report for what every run of the bug prints: the
// order of two racing accesses, or a count in a message, may change; a
// moved line of the blamed function may not.
func TestGuideCheckReadsReportsForTheirPlaces(t *testing.T) {
	page := func(report string) string {
		return "# a lesson\n\n```go\ncode\n```\n\nThe report (Race, naming `counter.(*Unsync).Inc`):\n\n```text\n" + report + "```\n\nReproduce: it\n"
	}
	read := page("WARNING: DATA RACE\nRead at 0x… by goroutine 1:\n  counter.(*Unsync).Inc()\n      counter/lostupdate.go:15\n" +
		"Previous write at 0x… by goroutine 2:\n  counter.(*Unsync).Inc()\n      counter/lostupdate.go:15\n")
	write := page("WARNING: DATA RACE\nWrite at 0x… by goroutine 1:\n  counter.(*Unsync).Inc()\n      counter/lostupdate.go:15\n" +
		"Previous read at 0x… by goroutine 2:\n  counter.(*Unsync).Value()\n      counter/lostupdate.go:16\n")
	moved := strings.ReplaceAll(read, "lostupdate.go:15", "lostupdate.go:17")
	assert.Equal(t, checkedReports(read), checkedReports(write), "the same race, its accesses the other way round")
	assert.NotEqual(t, checkedReports(read), checkedReports(moved), "the blamed function's line moved")
	assert.NotEqual(t, checkedReports(read), checkedReports(strings.Replace(read, "DATA RACE", "DEADLOCK", 1)), "another finding")
	assert.NotEqual(t, checkedReports(read), checkedReports(strings.ReplaceAll(read, "(*Unsync).Inc", "(*Unsync).Add")), "another blame")
	assert.NotEqual(t, checkedReports(read), checkedReports(strings.Replace(read, "code", "other code", 1)), "the code outside the report is compared byte for byte")
	lost := func(n string) string {
		return "The report (Lost, naming `in flight`):\n\n```text\nconctest: invariant violated: " + n + " items in flight at once, want at most 3\n```\n"
	}
	assert.Equal(t, checkedReports(lost("5")), checkedReports(lost("4")), "a count in an invariant's message")
}

// A row's cells: a verdict in bold, an either cell marked and explained,
// an n/a with its reason under the table (said once for every detector
// it holds for), never inside it.
func TestGuideCells(t *testing.T) {
	observations.Lock()
	leakOn, raceOn := observations.leakOn, observations.raceOn
	observations.leakOn, observations.raceOn = true, true
	observations.Unlock()
	t.Cleanup(func() {
		observations.Lock()
		observations.leakOn, observations.raceOn = leakOn, raceOn
		observations.Unlock()
	})
	r := rowOf(t, "counter.Unsync")
	o := &observed{runs: 3, cells: map[conctest.Detector]map[string]int{}}
	for _, d := range columns {
		o.cells[d] = map[string]int{"Clean": 3}
	}
	o.cells[conctest.RaceDetector] = map[string]int{"Race": 3}
	o.cells[conctest.Invariant] = map[string]int{"Lost": 2, "Clean": 1}
	var b strings.Builder
	writeCells(&b, r, o, map[string]string{r.variant: "Clean"})
	table, text, _ := strings.Cut(b.String(), "\n\n")
	assert.Contains(t, table, "| **Race** |")
	assert.Contains(t, table, "| Clean or Lost⁽*⁾ |")
	assert.Contains(t, table, "| n/a |", "the synctest cell")
	assert.NotContains(t, table, "bubble", "an n/a's reason is said under the table")
	assert.Contains(t, text, "Caught by: race (Race).")
	assert.Contains(t, text, "⁽*⁾ Sometimes, as the schedule decides: invariant (Clean or Lost).")
	assert.Contains(t, text, "- goleak: no goroutine was left running")
	assert.Contains(t, text, "- synctest: not run in a bubble: "+r.noBubble+"\n", "its own reason")
}

// Every variant not run in a bubble says why, and the guide and the
// matrix say it.
func TestSynctestNotApplicableSaysWhy(t *testing.T) {
	var matrix strings.Builder
	writeNoBubble(&matrix)
	for _, r := range catalog {
		if r.vet != "" || r.bubble {
			assert.Empty(t, r.noBubble, "%s: runs in a bubble, or never runs, yet says why not", r.variant)
			continue
		}
		assert.Equal(t, "n/a", r.want.synctest, "%s: not run in a bubble", r.variant)
		if assert.NotEmpty(t, r.noBubble, "%s: its synctest cell is n/a with no reason", r.variant) {
			assert.Equal(t, "n/a: not run in a bubble: "+r.noBubble, guideCell(r, nil, conctest.Synctest, nil))
			assert.Contains(t, matrix.String(), "- `"+r.variant+"`: "+r.noBubble+".\n")
		}
	}
	assert.Contains(t, matrix.String(), "go doc testing/synctest", "what a bubble sees, cited")
}
