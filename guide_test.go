package racelab

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/racelab/racelab/conctest"
)

// The code-review guide: docs/guide is written from a real run of the
// catalog (make guide), one page per lesson file: the Python idiom, the
// broken code and its fix as a diff, the report each detector really
// printed, and which detectors stay silent; docs/guide/exercises has the
// same pages without the answers. make ci checks that it is up to date.
var (
	guideOut   = flag.String("guide", "", "write the code-review guide into this directory after TestCatalog")
	guideCheck = flag.String("guide-check", "", "fail TestCatalog if this directory differs from a fresh guide")
)

func guideWanted() bool { return *guideOut != "" || *guideCheck != "" }

// recording reports whether TestCatalog keeps what the detectors said,
// for the matrix or the guide.
func recording() bool { return matrixWanted() || guideWanted() || *deadlockOut != "" }

// finishRecords writes or checks the matrix and the guide once every row
// has run, with one static analysis for both.
func finishRecords(t *testing.T) {
	if t.Failed() {
		t.Logf("matrix and guide not written: the catalog failed")
		return
	}
	// The matrix and the guide are of every row: a run of some rows only
	// (go test -run, or a proof's child process that never reached its
	// call) can neither write nor check them.
	observations.Lock()
	missing := slices.IndexFunc(catalog, func(r row) bool { return observations.m[r.variant] == nil && (r.vet == "" || !swapBuild()) })
	observations.Unlock()
	if missing >= 0 {
		t.Errorf("matrix and guide neither written nor checked: row %s (and maybe more) did not run; run every row", catalog[missing].variant)
		return
	}
	if swapBuild() {
		if *deadlockOut != "" {
			writeDeadlockRecords(t)
		}
		if matrixWanted() || guideWanted() {
			t.Errorf("the matrix and the guide are written by the plain build's catalog, with -deadlock-in: run make matrix or make guide")
		}
		return
	}
	if err := readDeadlockRecords(); err != nil {
		t.Error(err)
		return
	}
	static := staticCells(t)
	if matrixWanted() {
		finishMatrix(t, static)
	}
	if guideWanted() {
		finishGuide(t, static)
	}
}

// proofExcerpt is the report that proves a broken row, normalized so
// that two runs of the same bug print the same text: the excerpt of the
// finding its proof names (an analyzer's message for a vet-only row).
func proofExcerpt(r row, rep *conctest.Report) string {
	var first string
	for _, f := range rep.Findings {
		if f.Verdict != r.verdict {
			continue
		}
		ex := f.Excerpt()
		if !strings.Contains(ex, "goroutine") || f.Verdict == conctest.Race {
			ex = f.Evidence // a report, not a dump: normalizing makes it short
		}
		if f.Verdict == conctest.Panic {
			ex = panickingGoroutine(ex)
		}
		if strings.Contains(ex, r.blame) {
			return normalizeReport(ex)
		}
		if first == "" {
			first = ex
		}
	}
	return normalizeReport(first)
}

// panickingGoroutine is a panic's report up to the goroutine that
// panicked, without the others the runtime went on to print: whether
// another goroutine was still there to print (a caller that Wait had
// released, say) is the schedule's choice, and no part of the proof.
func panickingGoroutine(report string) string {
	var kept []string
	seen := false
	for l := range strings.Lines(report) {
		if strings.HasPrefix(l, "goroutine ") && strings.HasSuffix(strings.TrimSpace(l), ":") {
			if seen {
				break
			}
			seen = true
		}
		// How many goroutines of the harness an excerpt left out depends
		// on the others too.
		if !strings.Contains(l, "of the harness left out") {
			kept = append(kept, l)
		}
	}
	return strings.TrimRight(strings.Join(kept, ""), "\n") + "\n"
}

// finishGuide writes or checks the guide.
func finishGuide(t *testing.T, static map[string]string) {
	pages, err := renderGuide(t, static)
	if err != nil {
		t.Error(err)
		return
	}
	if *guideOut != "" {
		if err := writeGuide(*guideOut, pages); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d pages into %s", len(pages), *guideOut)
	}
	if *guideCheck != "" {
		if problem := compareGuide(*guideCheck, pages); problem != "" {
			t.Errorf("%s is stale: %s; run make guide and commit it", *guideCheck, problem)
		}
	}
}

// writeGuide replaces the guide's pages in dir with pages, so that a page
// of a lesson that is gone goes too.
func writeGuide(dir string, pages map[string]string) error {
	old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	more, _ := filepath.Glob(filepath.Join(dir, "exercises", "*.md"))
	for _, f := range append(old, more...) {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(pages[name]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// compareGuide says how the guide in dir differs from pages, byte for
// byte, or returns "".
func compareGuide(dir string, pages map[string]string) string {
	old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	more, _ := filepath.Glob(filepath.Join(dir, "exercises", "*.md"))
	for _, f := range append(old, more...) {
		rel, _ := filepath.Rel(dir, f)
		if _, ok := pages[filepath.ToSlash(rel)]; !ok {
			return fmt.Sprintf("%s is a page of no lesson", rel)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return fmt.Sprintf("%s is missing", name)
		}
		if a, z := checkedReports(string(b)), checkedReports(pages[name]); a != z {
			return fmt.Sprintf("%s differs, at %s", name, firstDiff(a, z))
		}
	}
	return ""
}

// checkedReports is a page as make guide-check compares it: every byte,
// but of a report only what every run of the same bug prints: its first
// line (numbers aside) and the places (file:line) where it names the
// blamed function. Which of two racing accesses a race report gives
// first, a goroutine's state, the count in an invariant's message change
// from run to run; a moved line, another blame or another verdict
// change the page.
func checkedReports(page string) string {
	var b strings.Builder
	in, blame := false, ""
	var report []string
	for line := range strings.Lines(page) {
		switch {
		case !in && line == "```text\n":
			in, report = true, nil
			b.WriteString(line)
		case in && line == "```\n":
			in = false
			b.WriteString(reportSkeleton(report, blame))
			b.WriteString(line)
		case in:
			report = append(report, line)
		default:
			if m := namingBlame().FindStringSubmatch(line); m != nil {
				blame = m[1]
			}
			b.WriteString(line)
		}
	}
	return b.String()
}

// namingBlame reads the blame a page says a report names.
var namingBlame = lazyRegexp("naming `([^`]+)`")

// reportSkeleton is a report's first line, numbers aside, and the
// sorted, distinct places in the module's code where it names blame.
func reportSkeleton(lines []string, blame string) string {
	if len(lines) == 0 {
		return ""
	}
	places := map[string]bool{}
	for i, l := range lines {
		if blame == "" || !strings.Contains(l, blame) {
			continue
		}
		for _, at := range lines[i:min(i+2, len(lines))] { // a frame's function line, and its file line
			for _, m := range modulePlace().FindAllString(at, -1) {
				places[strings.TrimSpace(m)] = true
			}
		}
	}
	first := digits().ReplaceAllString(lines[0], "N")
	return first + "  " + strings.Join(slices.Sorted(maps.Keys(places)), "\n  ") + "\n"
}

var digits = lazyRegexp(`\d+`)

// modulePlace is a file:line of the module's code, as a normalized
// report prints it (relative to the module root).
var modulePlace = lazyRegexp(`(?:^|\s)(?:counter|locks|prodcons|sharedmem|capture|internal|conctest)/[\w/.-]+\.go:\d+`)

// A lessonPage is one lesson file and its rows, in catalog order.
type lessonPage struct {
	file  string // "counter/lostupdate.go"
	rows  []row
	sheet int // its exercise sheet's number in its package, if it has a broken row
}

func (p lessonPage) page() string {
	return strings.ReplaceAll(strings.TrimSuffix(p.file, ".go"), "/", "-") + ".md"
}
func (p lessonPage) pkg() string      { return strings.Split(p.file, "/")[0] }
func (p lessonPage) lesson() lesson   { return lessons[p.file] }
func (p lessonPage) exercise() string { return fmt.Sprintf("exercises/%s-%d.md", p.pkg(), p.sheet) }

// lessonPages groups the catalog's rows by lesson file, in reading order.
func lessonPages() []lessonPage {
	var pages []lessonPage
	for i, r := range catalog {
		f := lessonFile(catalog, i)
		if len(pages) == 0 || pages[len(pages)-1].file != f {
			pages = append(pages, lessonPage{file: f})
		}
		pages[len(pages)-1].rows = append(pages[len(pages)-1].rows, r)
	}
	sheets := map[string]int{}
	for i, p := range pages {
		if slices.ContainsFunc(p.rows, isBroken) {
			sheets[p.pkg()]++
			pages[i].sheet = sheets[p.pkg()]
		}
	}
	return pages
}

// renderGuide is every page of the guide, by path under docs/guide.
func renderGuide(t *testing.T, static map[string]string) (map[string]string, error) {
	observations.Lock()
	defer observations.Unlock()
	pages := map[string]string{}
	var lps []lessonPage
	var missing []string
	for _, p := range lessonPages() {
		ran := !slices.ContainsFunc(p.rows, func(r row) bool { return observations.m[r.variant] == nil })
		if !ran {
			missing = append(missing, p.file)
			continue
		}
		lps = append(lps, p)
	}
	if len(missing) > 0 {
		// Still written, for a look at a part; never a whole guide.
		t.Errorf("guide: the rows of %s did not run (does -run leave them out?): the guide lacks them", strings.Join(missing, ", "))
	}
	for _, p := range lps {
		if _, ok := lessons[p.file]; !ok {
			return nil, fmt.Errorf("guide: lesson %s has no prose in guide_lessons_test.go", p.file)
		}
		ex, hasExercise := exercisePage(t, p)
		answer, err := answerPage(t, p, static, hasExercise)
		if err != nil {
			return nil, err
		}
		pages[p.page()] = answer
		if hasExercise {
			pages[p.exercise()] = ex
		}
	}
	pages["README.md"] = guideIndex(lps)
	pages["classes.md"] = classesPage(lps)
	pages["exercises/README.md"] = exerciseIndex(lps, pages)
	return pages, nil
}

const generated = "<!-- Generated by make guide from a real run of every detector. Do not edit. -->\n\n"

// answerPage is a lesson's page: the idiom, the review diffs, then each
// variant with its code, its matrix row and, if broken, its report.
// A lesson with no broken variant has no exercise sheet, and no link to
// one.
func answerPage(t *testing.T, p lessonPage, static map[string]string, hasExercise bool) (string, error) {
	var b strings.Builder
	l := p.lesson()
	b.WriteString(generated)
	fmt.Fprintf(&b, "# %s\n\n", l.title)
	fmt.Fprintf(&b, "[Guide](README.md) · source: [%s](../../%s)", p.file, p.file)
	if hasExercise {
		fmt.Fprintf(&b, " · [as an exercise](%s)", p.exercise())
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "## The Python idiom\n\n```python\n%s\n```\n\n%s\n\n", l.python, l.inGo)
	var reviews strings.Builder
	pairs := reviewPairs(p)
	for _, pair := range pairs {
		d, err := reviewDiff(t, pair[0], pair[1])
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&reviews, "### `%s` → `%s`\n\n```diff\n%s```\n\n", pair[0].variant, pair[1].variant, d)
	}
	for _, r := range p.rows {
		others := map[bool]string{true: "fix", false: "broken variant"}[isBroken(r)]
		reviewed := slices.ContainsFunc(pairs, func(pair [2]row) bool { return pair[0].variant == r.variant || pair[1].variant == r.variant })
		if !reviewed && slices.ContainsFunc(p.rows, func(o row) bool { return isBroken(o) != isBroken(r) }) {
			fmt.Fprintf(&reviews, "`%s` is shaped unlike every %s of this lesson (another signature, or other methods), "+
				"so no diff would show just the change: it is shown on its own below.\n\n", r.variant, others)
		}
	}
	if reviews.Len() > 0 {
		b.WriteString("## The review\n\nEach fix as a code review shows it: the code it fixes (or improves on), then the fix, both\n")
		b.WriteString("under one neutral name, the exercise's, so that only the change shows; a line that differs only\n")
		b.WriteString("in its comment is no change. Doc comments are left out here; they are with each variant below.\n\n")
		b.WriteString(reviews.String())
	}
	b.WriteString("## The variants\n\n")
	for _, r := range p.rows {
		src, err := variantSource(t, r)
		if err != nil {
			return "", err
		}
		kind := "fixed"
		if isBroken(r) {
			kind = "broken"
		}
		fmt.Fprintf(&b, "### `%s` (%s)\n\n```go\n%s\n```\n\n", r.variant, kind, src.text(true, true))
		o := observations.m[r.variant]
		if o == nil {
			return "", fmt.Errorf("guide: %s did not run", r.variant)
		}
		writeCells(&b, r, o, static)
		if isBroken(r) {
			report := chosenReport(o)
			if !strings.Contains(report, r.blame) {
				return "", fmt.Errorf("guide: %s: the report shown does not name %s:\n%s", r.variant, r.blame, report)
			}
			fmt.Fprintf(&b, "The report that proves it (%s, naming `%s`), as this run printed it:\n\n```text\n%s\n```\n\n",
				r.verdict, r.blame, report)
			if r.verdict.Detector() == conctest.GoDeadlock {
				b.WriteString(deadlockLines)
			}
		} else if tw, err := twinOf(r); err == nil {
			fmt.Fprintf(&b, "Its proof can fail: the same workload run on `%s` gives %s, naming `%s`.\n\n", tw.variant, tw.verdict, tw.blame)
		}
		fmt.Fprintf(&b, "Reproduce: `%s`\n\n", reproduce(t, r))
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

// reviewPairs are a lesson's reviews: each broken variant with its fix
// (reviewFix), then each fix not yet shown with what it improves on
// (reviewBase). A pair is always of one shape (shapeOf): a diff between
// a func and a method, or between other method sets, would show the
// difference of the two APIs, not the fix.
func reviewPairs(p lessonPage) [][2]row {
	var pairs [][2]row
	shown := map[string]bool{}
	for _, b := range p.rows {
		if !isBroken(b) {
			continue
		}
		if fix, ok := reviewFix(p, b); ok {
			pairs = append(pairs, [2]row{b, fix})
			shown[fix.variant] = true
		}
	}
	for _, f := range p.rows {
		if isBroken(f) || shown[f.variant] {
			continue
		}
		if b, ok := reviewBase(p, f); ok {
			pairs = append(pairs, [2]row{b, f})
		}
	}
	return pairs
}

// reviewFix is the fix a broken variant is reviewed against, the first
// of its shape among: the lesson's fixes whose twin it is, the lesson's
// fixes, the catalog's fixes whose twin it is.
func reviewFix(p lessonPage, broken row) (row, bool) {
	twinOfIt := func(f row) bool { return !isBroken(f) && f.twin == broken.variant }
	return firstOfShape(broken, slices.Concat(
		filterRows(p.rows, twinOfIt),
		filterRows(p.rows, func(f row) bool { return !isBroken(f) }),
		filterRows(catalog, twinOfIt)))
}

// reviewBase is what a fix is reviewed against, the first of its shape
// among: its twin, if in the lesson; the lesson's broken variants; and,
// in a lesson with none (a fix of a fix, as sharding is of the atomic
// counter), the catalog's earlier fixes proven against the same twin;
// last its twin, wherever it is.
func reviewBase(p lessonPage, fix row) (row, bool) {
	var candidates []row
	tw, err := twinOf(fix)
	inLesson := func(r row) bool {
		return slices.ContainsFunc(p.rows, func(x row) bool { return x.variant == r.variant })
	}
	if err == nil && inLesson(tw) {
		candidates = append(candidates, tw)
	}
	candidates = append(candidates, filterRows(p.rows, isBroken)...)
	if !slices.ContainsFunc(p.rows, isBroken) {
		i := slices.IndexFunc(catalog, func(r row) bool { return r.variant == fix.variant })
		candidates = append(candidates, filterRows(catalog[:max(i, 0)], func(r row) bool { return !isBroken(r) && r.twin == fix.twin })...)
	}
	if err == nil && slices.ContainsFunc(catalog, func(r row) bool { return r.variant == tw.variant }) {
		candidates = append(candidates, tw)
	}
	return firstOfShape(fix, candidates)
}

func filterRows(rows []row, keep func(row) bool) []row {
	var out []row
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// firstOfShape is the first of candidates shaped as r is.
func firstOfShape(r row, candidates []row) (row, bool) {
	want, err := shapeOf(r)
	if err != nil {
		return row{}, false
	}
	for _, c := range candidates {
		if got, err := shapeOf(c); err == nil && got == want {
			return c, true
		}
	}
	return row{}, false
}

// reviewDiff is the unified diff from base's code to fix's, without doc
// comments, with the comments in the code. Both sides are normalized
// first, so that the diff is the change and nothing else: each side's
// own name becomes the one neutral name (sheetName), and base's
// receiver is named as fix's.
func reviewDiff(t *testing.T, base, fix row) (string, error) {
	from, err := variantSource(t, base)
	if err != nil {
		return "", err
	}
	to, err := variantSource(t, fix)
	if err != nil {
		return "", err
	}
	pkg, oldName, _ := strings.Cut(base.variant, ".")
	_, newName, _ := strings.Cut(fix.variant, ".")
	a, z := normalizedPair(pkg, oldName, newName, sheetName(fix), from, to)
	kind := map[bool]string{true: "broken", false: "fixed"}
	return codeDiff(base.variant+" ("+kind[isBroken(base)]+")", fix.variant+" (fixed)", a, z)
}

// codeDiff is the unified diff of Go code from a to z that compares the
// code and not the comments: a line whose code is the same on both
// sides is no change, and shows as z has it, with z's comment.
func codeDiff(fromLabel, toLabel, a, z string) (string, error) {
	ac, zc := codeOnly(a), codeOnly(z)
	d, err := udiff.ToUnified(fromLabel, toLabel, ac, udiff.Lines(ac, zc), 1000)
	if err != nil || d == "" {
		return d, err
	}
	al, zl := strings.Split(a, "\n"), strings.Split(z, "\n")
	var b strings.Builder
	i, j := 0, 0
	for line := range strings.Lines(d) {
		switch {
		case strings.HasPrefix(line, "@@"):
			var n1, n2, n3, n4 int
			fmt.Sscanf(line, "@@ -%d,%d +%d,%d @@", &n1, &n2, &n3, &n4)
			i, j = max(n1-1, 0), max(n3-1, 0)
			b.WriteString(line)
		case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "\\"):
			b.WriteString(line)
		case strings.HasPrefix(line, "-"):
			b.WriteString("-" + al[i] + "\n")
			i++
		case strings.HasPrefix(line, "+"):
			b.WriteString("+" + zl[j] + "\n")
			j++
		default:
			b.WriteString(" " + zl[j] + "\n")
			i, j = i+1, j+1
		}
	}
	return b.String(), nil
}

// normalizedPair is the code of base and of fix, each one's own name
// (oldName, newName) made the neutral one, and base's receiver named as
// fix's where each names its receivers one way (and base has no other
// variable of that name).
func normalizedPair(pkg, oldName, newName, neutral string, from, to source) (string, string) {
	a := gofmt(renameIdents(from.text(false, true), pkg, map[string]string{oldName: neutral}))
	z := gofmt(renameIdents(to.text(false, true), pkg, map[string]string{newName: neutral}))
	if x, y := receiverOf(from), receiverOf(to); x != "" && y != "" && x != y && !identsIn(a)[y] {
		a = renameVar(a, x, y)
	}
	return a + "\n", z + "\n"
}

// writeCells writes a variant's matrix row and says, in words, which
// detectors catch it and why the others are silent.
func writeCells(b *strings.Builder, r row, o *observed, static map[string]string) {
	var head, sep, vals []string
	var caught, sometimes, silent []string
	var off [][2]string // detectors, and why they do not apply
	for _, d := range columns {
		c := guideCell(r, o, d, static)
		head, sep = append(head, string(d)), append(sep, "---")
		switch {
		case c == "Clean":
			vals = append(vals, c)
			silent = append(silent, fmt.Sprintf("%s: %s", d, blindSpot[d]))
		case strings.HasSuffix(c, eitherCell):
			either := strings.TrimSuffix(c, eitherCell)
			vals = append(vals, either+"⁽*⁾")
			sometimes = append(sometimes, fmt.Sprintf("%s (%s)", d, either))
		case strings.HasPrefix(c, "n/a"):
			vals = append(vals, "n/a")
			why := strings.TrimPrefix(c, "n/a: ")
			if i := slices.IndexFunc(off, func(o [2]string) bool { return o[1] == why }); i >= 0 {
				off[i][0] += ", " + string(d) // one reason, said once
			} else {
				off = append(off, [2]string{string(d), why})
			}
		default:
			vals = append(vals, "**"+c+"**")
			caught = append(caught, fmt.Sprintf("%s (%s)", d, c))
		}
	}
	fmt.Fprintf(b, "| %s |\n| %s |\n| %s |\n\n", strings.Join(head, " | "), strings.Join(sep, " | "), strings.Join(vals, " | "))
	if !isBroken(r) {
		b.WriteString("Clean in every column that ran: that is what the fix is proven to be.\n\n")
	} else {
		fmt.Fprintf(b, "Caught by: %s.\n\n", strings.Join(caught, ", "))
		if len(sometimes) > 0 {
			fmt.Fprintf(b, "⁽*⁾ Sometimes, as the schedule decides: %s.\n\n", strings.Join(sometimes, ", "))
		}
		if len(silent) > 0 {
			b.WriteString("Silent, and why:\n\n")
			for _, s := range silent {
				fmt.Fprintf(b, "- %s\n", s)
			}
			b.WriteString("\n")
		}
	}
	if len(off) > 0 {
		b.WriteString("Not applicable:\n\n")
		for _, o := range off {
			fmt.Fprintf(b, "- %s: %s\n", o[0], o[1])
		}
		b.WriteString("\n")
	}
}

// guideCell is a detector's cell as the guide prints it: what it said in
// every run; an "either" cell as its declaration, which the catalog
// checked (the runs' mix changes from run to run); n/a with its reason.
func guideCell(r row, o *observed, d conctest.Detector, static map[string]string) string {
	switch {
	case r.vet != "" && d != conctest.Static:
		return "n/a: the code is rejected by go vet or staticcheck, so it lives under testdata and never runs"
	case d == conctest.Static:
		return static[r.variant]
	case d == conctest.Synctest && !r.bubble:
		return "n/a: not run in a bubble: " + r.noBubble
	case d == conctest.LeakProfile && !observations.leakOn:
		return "n/a: this toolchain has no goroutine leak profile (GOEXPERIMENT=goroutineleakprofile)"
	case d == conctest.RaceDetector && !observations.raceOn:
		return "n/a: built without -race"
	case strings.Contains(r.want.of(d), "|"):
		return strings.ReplaceAll(r.want.of(d), "|", " or ") + eitherCell
	}
	return outcomes(r.want.of(d), o.cells[d], o.runs)
}

// deadlockLines warns that go-deadlock's lines can be one off: it maps
// return addresses to lines itself, and quotes the line it found.
const deadlockLines = "go-deadlock names each lock site by a return address that it maps to a line itself, so a line it prints, " +
	"and the source it quotes in braces, can be one off the call (here a `{ ... }` may quote the line before or after " +
	"the `Lock` or the call that led to it); the race detector's and the runtime's lines are the calls'.\n\n"

// eitherCell ends the cell of a detector whose verdict the schedule
// decides.
const eitherCell = ": the schedule decides"

// blindSpot says, for each detector, what its silence means.
var blindSpot = map[conctest.Detector]string{
	conctest.RaceDetector: "no two goroutines of this process touched the same memory without a lock, channel or atomic ordering them",
	conctest.Goleak:       "no goroutine was left running when the workload returned",
	conctest.GoDeadlock:   "no lock was taken in an inverted order, taken twice, or waited on past its timeout",
	conctest.Synctest:     "the bubble never found every goroutine durably blocked",
	conctest.Static:       "go vet and staticcheck see nothing wrong in the source",
	conctest.LeakProfile:  "it found no goroutine blocked on a channel, a sync.Cond or a mutex that no goroutine that may still run can reach (its rule: go.dev/issue/74609)",
	conctest.Runtime:      "the runtime found nothing fatal (a concurrent map write, a panic, all goroutines asleep)",
	conctest.Invariant:    "the workload's own check of the result held",
	conctest.Watchdog:     "the workload returned in time",
}

// chosenReport is the report most runs printed (after normalization), so
// that a rare variation does not change the page.
func chosenReport(o *observed) string {
	best := ""
	for rep, n := range o.reports {
		if n > o.reports[best] || n == o.reports[best] && rep < best {
			best = rep
		}
	}
	return best
}

// reproduce is the one command that reproduces a row's proof.
func reproduce(t *testing.T, r row) string {
	pkg, name, _ := strings.Cut(r.variant, ".")
	if r.vet != "" {
		if strings.Contains(r.blame, "loop condition never changes") { // staticcheck's SA5002, not vet's
			return fmt.Sprintf("go tool staticcheck ./%s", r.vet)
		}
		return fmt.Sprintf("go vet ./%s", r.vet)
	}
	test := provingTest(r, name, provingTests(t, pkg))
	plain := fmt.Sprintf("go test -race -overlay $PWD/.build/plain.json -count=1 -v -run '^%s$' ./%s", test, pkg)
	swap := fmt.Sprintf("go test -overlay $PWD/.build/swap.json -count=1 -v -run '^%s$' ./%s", test, pkg)
	switch {
	case r.verdict.Detector() == conctest.GoDeadlock:
		return "make builds && " + swap // go-deadlock judges its own build
	case isBroken(r):
		return "make builds && " + plain
	}
	// A fix is proven clean in both builds.
	return "make builds && " + plain + " && " + swap
}

// guideIndex is docs/guide/README.md: the lessons by package, in reading
// order, with each variant's verdict.
func guideIndex(lps []lessonPage) string {
	var b strings.Builder
	b.WriteString(generated)
	b.WriteString("# The code-review guide\n\n")
	b.WriteString("One page per lesson: the Python idiom it retells, the broken code and its fix as a diff, the\n")
	b.WriteString("report each detector really printed, and which detectors stay silent and why. Every report was\n")
	b.WriteString("printed by the run that made these pages (`make guide`), with paths made relative, addresses, offsets\n")
	b.WriteString("and wait times taken out, and goroutines numbered from 1. For training sessions, [the exercises](exercises/README.md)\n")
	b.WriteString("are the same lessons without the answers. The [detector matrix](../MATRIX.md) has every cell on one page,\n")
	b.WriteString("and [the lessons by bug class](classes.md) places each on the published studies of real Go bugs.\n\n")
	pkg := ""
	for _, p := range lps {
		if p.pkg() != pkg {
			pkg = p.pkg()
			fmt.Fprintf(&b, "\n## %s\n\n%s\n\n| lesson | variants |\n|---|---|\n", pkg, packageSummary(pkg))
		}
		var vs []string
		for _, r := range p.rows {
			_, name, _ := strings.Cut(r.variant, ".")
			if isBroken(r) {
				vs = append(vs, fmt.Sprintf("`%s` **%s**", name, r.verdict))
			} else {
				vs = append(vs, fmt.Sprintf("`%s` Clean", name))
			}
		}
		fmt.Fprintf(&b, "| [%s](%s): %s | %s |\n", filepath.Base(p.file), p.page(), p.lesson().title, strings.Join(vs, " · "))
	}
	return strings.Replace(b.String(), "\n\n\n", "\n\n", 1)
}

// packageSummary is the first paragraph of a lesson package's doc.
func packageSummary(pkg string) string {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(pkg, "doc.go"), nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return ""
	}
	first, _, _ := strings.Cut(f.Doc.Text(), "\n\n")
	return strings.Join(strings.Fields(first), " ")
}

// lazyRegexp compiles pattern on first use. The catalog's children run
// this package's init too, one process per row, and need none of the
// guide's patterns: compiled at init, they took the package's init from
// 1.9 to 4.4 ms of CPU in each child under -race (GODEBUG=inittrace=1).
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// Normalizing a report: what changes from run to run or machine to
// machine goes, and what a reader needs stays.
var (
	hexArgs       = lazyRegexp(`\((?:0x[0-9a-f]+|\{[^}]*\}|\.\.\.|[0-9]+)(?:, (?:0x[0-9a-f]+|\{[^}]*\}|\.\.\.|[0-9]+))*\)$`)
	hexOffset     = lazyRegexp(` \+0x[0-9a-f]+$`)
	hexAddr       = lazyRegexp(`0x[0-9a-f]{6,}`)
	goroutineNum  = lazyRegexp(`([Gg]oroutine) (\d+)`)
	waitTime      = lazyRegexp(`, \d+ minutes?\]`)
	shapeArgs     = lazyRegexp(`\[go\.shape\.[^\]]*(\][^\]\[]*)*\]`)
	trailingSpace = lazyRegexp(`[ \t]+\n`)
)

// normalizeReport makes a report stable and portable: paths relative to
// the module, the Go root and module cache named, no addresses, argument
// values or offsets, goroutines numbered in order of appearance, no wait
// times, and generic shapes shortened; conctest's own frames left out.
func normalizeReport(s string) string {
	wd, _ := os.Getwd()
	env, _ := goEnv()
	goroot, modcache := env["GOROOT"], env["GOMODCACHE"]
	s = strings.ReplaceAll(s, wd+string(filepath.Separator), "")
	if goroot != "" {
		s = strings.ReplaceAll(s, goroot+"/", "$GOROOT/")
	}
	if modcache != "" {
		s = strings.ReplaceAll(s, modcache+"/", "$GOMODCACHE/")
	}
	nums := map[string]string{}
	s = goroutineNum().ReplaceAllStringFunc(s, func(m string) string {
		sub := goroutineNum().FindStringSubmatch(m)
		if _, ok := nums[sub[2]]; !ok {
			nums[sub[2]] = fmt.Sprint(len(nums) + 1)
		}
		return sub[1] + " " + nums[sub[2]]
	})
	var out []string
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		// A frame is a function line and its file line: the harness's go
		// (conctest's, the catalog's, the test runner's).
		if i+1 < len(lines) && harnessFile(lines[i+1]) && !strings.HasPrefix(strings.TrimSpace(line), "created by") {
			i++
			continue
		}
		line = hexOffset().ReplaceAllString(line, "")
		line = hexArgs().ReplaceAllString(line, "(...)")
		line = hexAddr().ReplaceAllString(line, "0x…")
		line = waitTime().ReplaceAllString(line, "]")
		line = shapeArgs().ReplaceAllString(line, "[…]")
		out = append(out, line)
	}
	text := strings.TrimSpace(trailingSpace().ReplaceAllString(strings.Join(out, "\n"), "\n"))
	if lines := strings.Split(text, "\n"); len(lines) > maxReportLines {
		text = strings.Join(lines[:maxReportLines], "\n") + fmt.Sprintf("\n… (%d more lines)", len(lines)-maxReportLines)
	}
	return text
}

// maxReportLines caps a report on a page: it is there to be read.
const maxReportLines = 50

// harnessFile reports whether a stack's file line (already relative)
// is the harness's: conctest, the catalog's test files at the module
// root, the test runner, or a wrapper the compiler wrote.
func harnessFile(line string) bool {
	file, _, _ := strings.Cut(strings.TrimSpace(line), ":")
	return strings.HasPrefix(file, "conctest/") || strings.HasPrefix(file, "$GOROOT/src/testing/") ||
		file == "<autogenerated>" || !strings.Contains(file, "/") && strings.HasSuffix(file, "_test.go")
}

// goEnv is a go env variable, asked once.
var goEnv = sync.OnceValues(func() (map[string]string, error) {
	out, err := exec.Command("go", "env", "-json", "GOROOT", "GOMODCACHE").Output()
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	return env, json.Unmarshal(out, &env)
})
