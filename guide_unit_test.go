package racelab

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
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
	t.Parallel()
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
	t.Parallel()
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

// A review diff is the fix as a change of the broken code: both under
// the neutral name, doc comments left out, the comments in the code
// kept. A variant's page shows its code as its file has it.
func TestGuideCode(t *testing.T) {
	t.Parallel()
	unsync, mutex := rowOf(t, "counter.Unsync"), rowOf(t, "counter.Mutex")
	d, err := reviewDiff(t, unsync, mutex)
	require.NoError(t, err)
	assert.Contains(t, d, "--- counter.Unsync (broken)\n+++ counter.Mutex (fixed)\n")
	assert.Contains(t, d, "-func (c *Counter) Inc()         { c.n++ } // unsynchronized read-modify-write\n")
	assert.Contains(t, d, "+\tc.mu.Lock()\n")
	assert.Contains(t, d, "\tmu ", "sync.Mutex (or deadlock.Mutex) is not renamed because a variant is called Mutex")
	assert.NotContains(t, d, ".Counter", "sync.Mutex (or deadlock.Mutex) is not renamed because a variant is called Mutex")
	assert.NotContains(t, d, "Broken:", "doc comments are not part of the diff")

	d, err = reviewDiff(t, rowOf(t, "locks.CopyValue"), rowOf(t, "locks.PointerReceiver"))
	require.NoError(t, err)
	assert.Contains(t, d, "-func TotalOf(gs []Gauge) int {\n+func TotalOf(gs []*Gauge) int {\n", "the range loop that copies each gauge")
	assert.Contains(t, d, "\tfor _, g := range gs {")

	src, err := variantSource(t, unsync)
	require.NoError(t, err)
	answer := src.text(true, true)
	assert.Contains(t, answer, "// Unsync is a counter with no synchronization at all.\n//\n// Broken: ")
	assert.Contains(t, answer, "{ c.n++ } // unsynchronized read-modify-write\nfunc (c *Unsync) Value()", "declarations that touch in the file touch on the page")
	atomic, err := variantSource(t, rowOf(t, "counter.Atomic"))
	require.NoError(t, err)
	assert.NotContains(t, atomic.text(true, true), "setWindow", "a method the tests need, kept out of the lesson file, is not on its page")
	copyValue, err := variantSource(t, rowOf(t, "locks.CopyValue"))
	require.NoError(t, err)
	assert.Contains(t, copyValue.text(false, true), "func TotalOf(gs []CopyValue) int {", "a func of the file that takes the variant is part of it")

	assert.Equal(t, "func NewMutex() *Mutex { return new(Mutex) } // Unsyncs", renameIdents("func NewUnsync() *Unsync { return new(Unsync) } // Unsyncs", "counter", map[string]string{"Unsync": "Mutex"}))
	assert.Equal(t, "var mu sync.Mutex; var c Counter // sync.Mutex, counter.Counter", renameIdents("var mu sync.Mutex; var c Mutex // sync.Mutex, counter.Mutex", "counter", map[string]string{"Mutex": "Counter"}),
		"a selected name is another package's, but for the variants' own package's in a comment or a string")
}

// Each pair of a review is of one shape: a broken variant is reviewed
// against its fix, a fix against what it fixes or improves on; a
// variant shaped unlike every other of its lesson is in none.
func TestGuideReviewPairs(t *testing.T) {
	t.Parallel()
	got := map[string][]string{}
	for _, p := range lessonPages() {
		for _, pair := range reviewPairs(p) {
			got[p.file] = append(got[p.file], pair[0].variant+" → "+pair[1].variant)
			a, errA := shapeOf(pair[0])
			z, errZ := shapeOf(pair[1])
			require.NoError(t, errors.Join(errA, errZ))
			assert.Equal(t, a, z, "%s → %s: a diff of two shapes", pair[0].variant, pair[1].variant)
		}
	}
	assert.Equal(t, []string{"counter.Unsync → counter.Mutex", "counter.Unsync → counter.Atomic"}, got["counter/lostupdate.go"])
	assert.Equal(t, []string{"counter.Atomic → counter.Sharded"}, got["counter/sharded.go"],
		"a lesson with only a fix is reviewed against the fix it improves on, proven against the same twin")
	assert.Equal(t, []string{"prodcons.AddInside → prodcons.AddBeforeGo", "prodcons.AddInside → prodcons.WaitGroupGo"}, got["prodcons/waitgroup.go"],
		"AddFirstInGoroutine, a func, is diffed against no method")
	assert.Equal(t, []string{"locks.CopyValue → locks.PointerReceiver"}, got["locks/copylock.go"], "value and pointer receivers: one shape")
	assert.Len(t, got["locks/cond.go"], 3, "each of cond.go's three broken variants, against the fix")
	for _, p := range lessonPages() {
		for _, r := range p.rows {
			in := slices.ContainsFunc(got[p.file], func(s string) bool { return strings.Contains(s, r.variant+" ") || strings.HasSuffix(s, " "+r.variant) })
			shape, err := shapeOf(r)
			require.NoError(t, err)
			alone := !slices.ContainsFunc(p.rows, func(o row) bool {
				s, _ := shapeOf(o)
				return o.variant != r.variant && s == shape && isBroken(o) != isBroken(r)
			})
			assert.True(t, in || alone && isBroken(r), "%s: %s is in no review of its lesson", p.file, r.variant)
		}
	}
}

// A variant's shape is what a caller sees: its signature, or its
// exported methods (those it embeds too), whatever its receivers.
func TestShapeOf(t *testing.T) {
	shape := func(v string) string {
		s, err := shapeOf(rowOf(t, v))
		require.NoError(t, err)
		return s
	}
	assert.Equal(t, "type: Add(int) (); Value() (int)", shape("locks.CopyValue"))
	assert.Equal(t, shape("locks.CopyValue"), shape("locks.PointerReceiver"), "value and pointer receivers")
	assert.Equal(t, shape("locks.SignalOnClose"), shape("locks.WaitLoop"), "its own Close, and the Close WaitLoop embeds")
	assert.Equal(t, "func(*Account, *Account, int) ()", shape("locks.TransferInCallOrder"))
	assert.NotEqual(t, shape("prodcons.AddFirstInGoroutine"), shape("prodcons.AddBeforeGo"), "a func and a method")
}

// Normalized, two variants that differ in their names and their
// receivers' names, and in comments, have no diff: the diff is the fix.
func TestReviewDiffNormalizes(t *testing.T) {
	decls := func(name, recv, comment string) source {
		return source{decls: []declSource{
			{code: "type " + name + " struct{ n int }", file: "f.go", start: 1, end: 1},
			{code: "func (" + recv + " *" + name + ") Inc() { " + recv + ".n++ } // " + comment, file: "f.go", start: 3, end: 3, recv: recv},
		}}
	}
	a, z := normalizedPair("counter", "Unsync", "Mutex", "Counter", decls("Unsync", "u", "racy"), decls("Mutex", "c", "fine"))
	assert.Equal(t, "type Counter struct{ n int }\n\nfunc (c *Counter) Inc() { c.n++ } // racy\n", a, "base's name and receiver become the neutral name and fix's receiver")
	d, err := codeDiff("a", "z", a, z)
	require.NoError(t, err)
	assert.Empty(t, d, "only a comment differs: no change")

	b, _ := normalizedPair("counter", "Unsync", "Mutex", "Counter", decls("Unsync", "u", "racy"), decls("Mutex", "c", "fine"))
	z2 := strings.Replace(z, "c.n++", "c.n += 2", 1)
	d, err = codeDiff("a", "z", b, z2)
	require.NoError(t, err)
	assert.Contains(t, d, "-func (c *Counter) Inc() { c.n++ } // racy\n+func (c *Counter) Inc() { c.n += 2 } // fine\n")
	assert.Contains(t, d, " type Counter struct{ n int }\n", "a line the same on both sides is context")
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

// sheetVerdicts are the catalog's verdicts, as a report or the matrix
// writes them: a sheet names none (case-sensitive whole words, so that a
// Python Lock or a cond.Wait in the code is no verdict).
var sheetVerdicts = []string{"Race", "Leak", "LockOrder", "Recursive", "LockTimeout", "Blocked", "Panic", "Hang", "Lost", "Vet"}

// sheetGiveaways are words and phrases that say what goes wrong or how
// to fix it (whole words, any case): the verdicts in prose, the
// lessons' Broken:/Fixed: paragraphs and the words their comments use.
// Not "lock", "wait", "close" or "panic", which code says as it runs.
var sheetGiveaways = []string{
	"deadlock", "deadlocks", "data race", "race", "races", "racy", "leak", "leaks", "leaked", "hang", "hangs",
	"Broken:", "Fixed:", "bug", "wrong", "too late", "forever", "lost", "lose", "loses", "overwritten",
	"unsynchronized", "stale", "torn", "without the lock", "not locked", "out of range", "panics", "crash",
	"never released", "still holding", "still locked", "by value", "copies lock", "copy of",
	"one sentinel per consumer", "a loop, not an if", "not an if",
	"one variable", "captured", "every goroutine writes", "ends this goroutine", "after it returned",
}

// sheetLeaks says what on an exercise sheet of lesson p gives the
// answer away: a name of one of its variants, its title, a verdict, a
// giveaway phrase. The parts every sheet has word for word (its title's
// "Find the bug", the questions that name the detectors) and the
// targets of its links (file names) are not read.
func sheetLeaks(sheet string, p lessonPage) []string {
	text := strings.ReplaceAll(sheet, sheetQuestionsAfter, "")
	text = strings.ReplaceAll(text, "# Find the bug", "")
	text = regexp.MustCompile(`\]\([^)]*\)`).ReplaceAllString(text, "]")
	// go-deadlock's package, in code (deadlock.Mutex), is no verdict.
	text = regexp.MustCompile(`\bdeadlock\.([A-Z])`).ReplaceAllString(text, "pkg.$1")
	var leaks []string
	find := func(what, word string, fold bool) {
		if m := wordIn(text, word, fold); m != "" {
			leaks = append(leaks, fmt.Sprintf("%s %q", what, strings.TrimSpace(m)))
		}
	}
	for _, r := range p.rows {
		_, name, _ := strings.Cut(r.variant, ".")
		find("the variant name", name, false)
		find("the variant name", "New"+name, false)
	}
	if strings.Contains(text, p.lesson().title) {
		leaks = append(leaks, fmt.Sprintf("the lesson's title %q", p.lesson().title))
	}
	for _, v := range sheetVerdicts {
		find("the verdict", v, false)
	}
	for _, g := range sheetGiveaways {
		find("the giveaway", g, true)
	}
	return leaks
}

// wordIn returns the first occurrence in text of word (of any case, with
// fold) that no letter, digit or underscore adjoins, or "". It is a
// regexp's (?i)(^|\W)word(\W|$) without one: a test binary built with
// -race runs a regexp over a sheet some ten times slower.
func wordIn(text, word string, fold bool) string {
	hay, needle := text, word
	if fold {
		hay, needle = strings.ToLower(text), strings.ToLower(word)
		if len(hay) != len(text) || len(needle) != len(word) {
			return regexp.MustCompile(`(?i)(^|\W)` + regexp.QuoteMeta(word) + `(\W|$)`).FindString(text)
		}
	}
	for from := 0; ; {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			return ""
		}
		i += from
		j := i + len(needle)
		if (i == 0 || !isWordByte(hay[i-1])) && (j == len(hay) || !isWordByte(hay[j])) {
			return text[i:j]
		}
		from = i + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// No exercise sheet gives the answer away: neither those in docs/guide
// (make guide writes them) nor those the generator writes now.
func TestExerciseSheetsGiveNothingAway(t *testing.T) {
	t.Parallel()
	byPage := map[string]lessonPage{}
	for _, p := range lessonPages() {
		byPage[p.page()] = p
	}
	answer := regexp.MustCompile(`\]\(\.\./([\w.-]+\.md)\)\s*$`)
	files, _ := filepath.Glob(filepath.Join("docs", "guide", "exercises", "*.md"))
	require.NotEmpty(t, files)
	for _, f := range files {
		if filepath.Base(f) == "README.md" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		m := answer.FindStringSubmatch(string(b))
		if !assert.NotNil(t, m, "%s: no link to its answer", f) {
			continue
		}
		p, ok := byPage[m[1]]
		if !assert.True(t, ok, "%s: its answer %s is no lesson's page", f, m[1]) {
			continue
		}
		assert.Empty(t, sheetLeaks(string(b), p), "%s (%s) gives the answer away", f, p.file)
	}
	for _, p := range lessonPages() {
		if sheet, ok := exercisePage(t, p); ok {
			assert.Empty(t, sheetLeaks(sheet, p), "the sheet of %s gives the answer away", p.file)
		}
	}
	// The check sees what it must: a sheet with a comment left in.
	p := byPage["prodcons-sentinel.md"]
	sheet, _ := exercisePage(t, p)
	assert.NotEmpty(t, sheetLeaks(sheet+"\n```python\nq.put(None)  # one sentinel per consumer\n```\n", p))
	assert.NotEmpty(t, sheetLeaks(strings.Replace(sheet, "func Pipeline", "func OneSentinel", 1), p))
	assert.Empty(t, sheetLeaks(sheet+"\nmu deadlock.Mutex\nlock = threading.Lock()\ncond.wait()\n", p), "code is no giveaway")
}

// A sheet shows every helper its code uses, under no variant's name,
// and nothing only a fix uses.
func TestExerciseHelpers(t *testing.T) {
	helpers := func(variants ...string) string {
		var rows []row
		for _, v := range variants {
			rows = append(rows, rowOf(t, v))
		}
		s, err := helperSource(rows)
		require.NoError(t, err)
		return s.text(false, true)
	}
	sentinel := helpers("prodcons.OneSentinel")
	for _, want := range []string{"const none = -1", "type queue struct", "func newQueue()", ") put(", ") getUntilNone(", ") taskDone(", ") result("} {
		assert.Contains(t, sentinel, want, "what OneSentinel uses, directly or not")
	}
	assert.NotContains(t, sentinel, "getAll", "used by a fix only")
	assert.NotContains(t, sentinel, "type Source", "the package's shared vocabulary, from another file")
	assert.NotContains(t, sentinel, "type result struct", "a method's name is no use of the type of that name")

	cond := helpers("locks.WaitInIf", "locks.WaitUnlocked", "locks.SignalOnClose")
	for _, want := range []string{"type condQueue struct", ") Put(v int)", ") Close()", ") take() int"} {
		assert.Contains(t, cond, want, "the embedded type, its exported methods, and what the code selects")
	}
	assert.NotContains(t, cond, "WaitLoop")
	assert.NotContains(t, cond, "func NewWaitLoop")

	global := helpers("sharedmem.ProcessGlobal")
	assert.Contains(t, global, "var visits int64", "named by the role that InChild runs")
	assert.Contains(t, global, "func visit()")

	assert.Contains(t, helpers("locks.TransferInCallOrder"), "type Account struct", "an exported type of the lesson file")
}

// Python on a sheet has no comment; a # in a string is no comment.
func TestPythonCode(t *testing.T) {
	assert.Equal(t, "for _ in range(n):\n    q.put(None)\n\nx = '#1'", pythonCode("# header\nfor _ in range(n):\n    q.put(None)   # one per consumer\n\nx = '#1'  # a string\n"))
	assert.Empty(t, pythonCode("# all comment\n# here"))
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

// A sheet's code has no comment, and no blank line where a comment-only
// line was: a gap where an interleaving mark stood would point at it.
func TestStripCommentsLeavesNoGap(t *testing.T) {
	code := "func (r *R) Get() int {\n\tr.mu.RLock() // read lock\n\tdefer r.mu.RUnlock()\n\t// a writer's Lock may arrive here\n\treturn r.Len()\n}\n\nfunc (r *R) Len() int { return 0 }"
	want := "func (r *R) Get() int {\n\tr.mu.RLock()\n\tdefer r.mu.RUnlock()\n\treturn r.Len()\n}\n\nfunc (r *R) Len() int { return 0 }"
	if got := stripComments(code); got != want {
		t.Errorf("stripComments:\n%s\nwant:\n%s", got, want)
	}
}

// A panic's report on a guide page is the panicking goroutine's: another
// goroutine that the runtime printed after it, or did not, leaves the
// page as it is.
func TestPanicReportIsThePanickingGoroutine(t *testing.T) {
	one := "panic: sync: negative WaitGroup counter\n\ngoroutine 7 [running]:\nsync.(*WaitGroup).Add()\n\tsync/waitgroup.go:1\nexample.Gather.func1()\n\tx.go:39\n"
	two := one + "\ngoroutine 6 [runnable]:\nexample.Gather()\n\tx.go:41\n\n(4 goroutine(s) of the harness left out: conctest)\n"
	if got := panickingGoroutine(two); got != one {
		t.Errorf("panickingGoroutine:\n%s\nwant:\n%s", got, one)
	}
	if got := panickingGoroutine(one + "\n(5 goroutine(s) of the harness left out: conctest)\n"); got != one {
		t.Errorf("panickingGoroutine of a report of one goroutine changed it:\n%s", got)
	}
}
