package racelab

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The exercise sheets: docs/guide/exercises has, for each lesson with a
// broken variant, a "find the bug" sheet that shows its broken code and
// asks what goes wrong, without giving the answer away:
//
//   - A variant is called by a neutral name (sheetName), everywhere in
//     the code shown, never by its own: HalfLocked names the bug.
//   - The Go shown has no comment at all: no doc comment, and no line
//     comment. In the lessons a comment is the author explaining the
//     lesson, and most of them explain the bug (a Broken: paragraph,
//     "too late: Wait may have returned already", "index out of range if
//     the queue is empty", even the first sentence of a doc: "waits
//     once, in an if"); no rule that keeps some can tell which ones. The
//     code is what a reviewer has to read anyway.
//   - The Python shown has no comment either, for the same reason ("one
//     sentinel per consumer", "a loop, not an if"); a Python idiom that
//     is all comment is left out.
//   - Every helper of the package that the code uses is on the sheet
//     (helperSource), so that the bug can be found from the sheet alone.
//   - The title, the file name and the answer link name no lesson: a
//     sheet is <package>-<n>.md, its lesson's page the link's target.
//
// TestExerciseSheetsGiveNothingAway checks every sheet for the names,
// verdicts and phrases that would give the answer away.

// sheetNames renames a workload's type where its name reads badly on a
// sheet: lockstest's CondQueue is a queue.
var sheetNames = map[string]string{"CondQueue": "Queue"}

// sheetName is the neutral name a sheet, and both sides of a review
// diff, give a variant: the name of the type its lesson's workload takes
// (countertest.Counter: Counter; prodconstest.Pipeline, a func type:
// Pipeline), which says what the variant is and nothing of what goes
// wrong with it. A vet-only variant, which runs no workload, takes its
// lesson's; if it is a func where that type is an interface of one
// method, it is named after the method (Gather).
func sheetName(r row) string {
	takes := r.work.takes
	if takes == nil {
		for _, p := range lessonPages() {
			if slices.ContainsFunc(p.rows, func(x row) bool { return x.variant == r.variant }) {
				if i := slices.IndexFunc(p.rows, func(x row) bool { return x.work.takes != nil }); i >= 0 {
					takes = p.rows[i].work.takes
				}
			}
		}
	}
	if takes == nil {
		return "T"
	}
	if takes.Kind() == reflect.Interface && takes.NumMethod() == 1 {
		if shape, err := shapeOf(r); err == nil && strings.HasPrefix(shape, "func") {
			return takes.Method(0).Name
		}
	}
	return cmp.Or(sheetNames[takes.Name()], takes.Name())
}

// sheetSetting is where a package's code runs, said at the top of its
// sheets; sheets of any other package say defaultSetting.
var sheetSetting = map[string]string{
	"sharedmem": "The code runs in several operating-system processes at once. A `Proc` is what one of them " +
		"sees: a memory-mapped file that they all share, and pipes.",
}

const defaultSetting = "Any of this code may be called from many goroutines at once."

// sheetQuestion is a sheet's first question, unless its lesson asks its
// own; sheetQuestionsAfter are its others. A lesson asks its own where
// the general question would not be about concurrency.
const (
	sheetQuestion       = "Run this code with real parallelism: what can happen that its caller would not expect? Describe one schedule that shows it."
	sheetQuestionsAfter = "2. Which detectors would report it: the race detector, goleak, go-deadlock, synctest, go vet or\n" +
		"   staticcheck, the runtime, a check of the result, a watchdog? Which stay silent, and why?\n" +
		"3. What is the smallest change that fixes it? How would you prove the fix, and show that the\n" +
		"   proof can fail?\n"
)

// exercisePage is a lesson's "find the bug" sheet: the Python idiom and
// each broken variant, under a neutral name, with the helpers they use,
// and no comment. A lesson with no broken variant has none.
func exercisePage(t *testing.T, p lessonPage) (string, bool) {
	var broken []row
	for _, r := range p.rows {
		if isBroken(r) {
			broken = append(broken, r)
		}
	}
	if len(broken) == 0 {
		return "", false
	}
	names := map[string]string{}
	var versions []string
	for _, r := range broken {
		src, err := variantSource(t, r)
		if err != nil {
			t.Error(err)
			return "", false
		}
		_, name, _ := strings.Cut(r.variant, ".")
		names[name] = sheetName(r)
		versions = append(versions, gofmt(renameIdents(src.text(false, false), p.pkg(), map[string]string{name: names[name]})))
	}
	// The helpers of each package: a vet-only variant's is its own.
	var helpers []string
	for _, dir := range slices.Compact(mapRows(broken, func(r row) string { return cmp.Or(r.vet, p.pkg()) })) {
		group := slices.DeleteFunc(slices.Clone(broken), func(r row) bool { return cmp.Or(r.vet, p.pkg()) != dir })
		hs, err := helperSource(group)
		if err != nil {
			t.Error(err)
			return "", false
		}
		if len(hs.decls) > 0 {
			helpers = append(helpers, gofmt(renameIdents(hs.text(false, false), p.pkg(), names)))
		}
	}

	var b strings.Builder
	b.WriteString(generated)
	fmt.Fprintf(&b, "# Find the bug: %s, sheet %d\n\n[Exercises](README.md)\n\n", p.pkg(), p.sheet)
	if py := pythonCode(p.lesson().python); py != "" {
		fmt.Fprintf(&b, "The Python this code retells:\n\n```python\n%s\n```\n\n", py)
	}
	fmt.Fprintf(&b, "## The code under review\n\n%s", cmp.Or(sheetSetting[p.pkg()], defaultSetting))
	if len(versions) > 1 {
		fmt.Fprintf(&b, " There are %d versions: review each on its own.", len(versions))
	}
	b.WriteString("\n\n")
	for i, v := range versions {
		if len(versions) > 1 {
			fmt.Fprintf(&b, "### Version %d\n\n", i+1)
		}
		fmt.Fprintf(&b, "```go\n%s\n```\n\n", v)
	}
	if len(helpers) > 0 {
		if len(versions) > 1 {
			b.WriteString("### What the versions use\n\nThe declarations of the same package that the versions use:\n\n")
		} else {
			b.WriteString("The code above uses these declarations of the same package:\n\n")
		}
		for _, h := range helpers {
			fmt.Fprintf(&b, "```go\n%s\n```\n\n", h)
		}
	}
	b.WriteString("## Questions\n\n")
	q := cmp.Or(p.lesson().question, sheetQuestion)
	if len(versions) > 1 && p.lesson().question == "" {
		q = strings.TrimSuffix(q, ".") + ", for each version."
	}
	fmt.Fprintf(&b, "1. %s\n%s\n", wrap(q, 100, "   "), sheetQuestionsAfter)
	fmt.Fprintf(&b, "Answer: [this lesson in the guide](../%s)\n", p.page())
	return b.String(), true
}

func mapRows[T any](rows []row, f func(row) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}

// wrap breaks text into lines of at most width bytes, indenting every
// line after the first.
func wrap(text string, width int, indent string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = indent
		}
		if line == "" || line == indent {
			line += w
		} else {
			line += " " + w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// pythonCode is Python without its comments, nor the lines they leave
// empty. A # inside quotes is no comment.
func pythonCode(src string) string {
	var lines []string
	for _, line := range strings.Split(src, "\n") {
		code := line
		var quote rune
	scan:
		for i, c := range line {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				quote = c
			case c == '#':
				code = line[:i]
				break scan
			}
		}
		code = strings.TrimRight(code, " \t")
		if code == "" && strings.TrimSpace(line) != "" {
			continue
		}
		lines = append(lines, code)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// exerciseIndex is docs/guide/exercises/README.md.
func exerciseIndex(lps []lessonPage, pages map[string]string) string {
	var b strings.Builder
	b.WriteString(generated)
	b.WriteString("# Find the bug\n\n")
	b.WriteString("Review sheets for training sessions: each shows the broken Go code of one lesson, and the Python\n")
	b.WriteString("idiom it retells, with no verdict, report, fix or comment, and ends with a link to its answer in\n")
	b.WriteString("[the guide](../README.md). The sheets are numbered, not named, so that a name gives nothing away.\n\n")
	for _, p := range lps {
		if _, ok := pages[p.exercise()]; ok {
			fmt.Fprintf(&b, "- [%s, sheet %d](%s)\n", p.pkg(), p.sheet, strings.TrimPrefix(p.exercise(), "exercises/"))
		}
	}
	return b.String()
}
