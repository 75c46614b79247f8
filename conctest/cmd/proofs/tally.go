package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

var provenLine = regexp.MustCompile(`(?:^|\.go:\d+: )proven: (\w+) (.*)$`)

// A tally counts proofs: tests and subtests that proved or failed to
// prove something. A test whose subtests failed fails with them, and the
// package fails after both, but that is one failed proof, not three: a
// parent counts only for a proof or a failure of its own. A package that
// fails with no failed test (a build, TestMain's exit code) is no proof;
// it is reported once, by its package, with what it printed last.
type tally struct {
	passed, failed, skipped int
	failures                []string     // "pkg.Test: its failure's message"
	packages                []pkgFailure // packages that failed with no failed test
	byVerdict               map[string][]string
	notRun                  map[string][]string         // by detector: the proofs that passed without it
	notRunProofs            int                         // proofs that passed with a detector that could not run
	output                  map[string]*strings.Builder // by package + test
	build                   map[string]*strings.Builder // by import path
	parents                 map[string]bool             // package + test, of tests that ran subtests
	failedBelow             map[string]bool             // package + test, of tests (and package + "", of packages) with a failed test below them
}

// A pkgFailure is a package that failed with no failed test.
type pkgFailure struct {
	path, why string
	tail      []string // the last lines it printed
}

func newTally() *tally {
	return &tally{byVerdict: map[string][]string{}, notRun: map[string][]string{}, output: map[string]*strings.Builder{}, build: map[string]*strings.Builder{},
		parents: map[string]bool{}, failedBelow: map[string]bool{}}
}

func (t *tally) handle(e event, out io.Writer) {
	key := e.Package + " " + e.Test
	for i, c := range e.Test {
		if c == '/' {
			t.parents[e.Package+" "+e.Test[:i]] = true
		}
	}
	switch e.Action {
	case "output":
		appendTo(t.output, key, e.Output)
	case "build-output":
		fmt.Fprint(out, e.Output)
		appendTo(t.build, e.ImportPath, e.Output)
	case "pass", "skip", "fail":
		// A build-fail is reported by its package's fail, which follows.
		t.finish(e, key, out)
	}
}

func appendTo(m map[string]*strings.Builder, key, s string) {
	if m[key] == nil {
		m[key] = &strings.Builder{}
	}
	m[key].WriteString(s)
}

func (t *tally) finish(e event, key string, out io.Writer) {
	text := ""
	if b := t.output[key]; b != nil {
		text = b.String()
		delete(t.output, key)
	}
	if e.Test == "" {
		t.finishPackage(e, text, out)
		return
	}
	pkg := e.Package[strings.LastIndex(e.Package, "/")+1:]
	switch e.Action {
	case "fail":
		t.failedBelow[e.Package+" "] = true
		for i, c := range e.Test {
			if c == '/' {
				t.failedBelow[e.Package+" "+e.Test[:i]] = true
			}
		}
		msg, own := failureMessage(text)
		if t.failedBelow[key] && !own {
			return // failed because a subtest did: that subtest is the proof
		}
		t.failed++
		t.failures = append(t.failures, pkg+"."+e.Test+": "+msg)
		fmt.Fprintf(out, "FAIL %s.%s\n%s", pkg, e.Test, text)
	case "skip":
		if !t.parents[key] {
			t.skipped++
		}
		fmt.Fprintf(out, "skip %s.%s: %s\n", pkg, e.Test, lastLogLine(text))
	case "pass":
		proved := false
		var without []string
		for line := range strings.Lines(text) {
			if m := provenLine.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				proved = true
				for _, d := range notRun(m[0]) {
					if !slices.Contains(without, d) {
						without = append(without, d)
					}
				}
				if pkg != "conctest" { // the engine's self-tests prove no variant
					t.byVerdict[m[1]] = append(t.byVerdict[m[1]], pkg+"."+e.Test)
				}
				fmt.Fprintf(out, "  %-44s %s %s\n", pkg+"."+e.Test, m[1], m[2])
			}
		}
		if proved || !t.parents[key] {
			t.passed++
		}
		for _, d := range without {
			t.notRun[d] = append(t.notRun[d], pkg+"."+e.Test)
		}
		if len(without) > 0 {
			t.notRunProofs++
		}
	}
}

// finishPackage prints a package's result, and keeps a failure that no
// failed test explains.
func (t *tally) finishPackage(e event, text string, out io.Writer) {
	if e.Action != "fail" {
		fmt.Fprintf(out, "ok   %s (%.1fs)\n", e.Package, e.Elapsed)
		return
	}
	fmt.Fprintf(out, "FAIL %s\n%s", e.Package, text)
	if t.failedBelow[e.Package+" "] {
		return
	}
	f := pkgFailure{path: e.Package}
	if b := t.build[e.FailedBuild]; e.FailedBuild != "" {
		f.why = "build failed"
		if b != nil {
			text = b.String()
		}
	}
	f.tail = packageTail(e.Package, text, 5)
	if len(f.tail) == 0 {
		f.tail = []string{"it printed nothing: the test binary exited with a failure status (os.Exit in TestMain or a test)"}
	}
	t.packages = append(t.packages, f)
}

// packageTail is the last n lines a package printed, leaving out go
// test's own PASS, FAIL and ok lines, which say nothing of why.
func packageTail(path, text string, n int) []string {
	var lines []string
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case strings.TrimSpace(line) == "", line == "PASS", line == "FAIL",
			strings.HasPrefix(line, "FAIL\t"+path), strings.HasPrefix(line, "ok  \t"+path):
			continue
		}
		lines = append(lines, line)
	}
	return lines[max(0, len(lines)-n):]
}

// failureMessage is the line of a test's output in which a proof failed,
// or else its first t.Log or t.Fatal line, or else its first line that is
// not go test's framing (a panic, say); and whether it is a line the test
// logged.
func failureMessage(text string) (string, bool) {
	first, other := "", ""
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		if m := logMessage.FindStringSubmatch(line); m != nil {
			if wanted(m[1]) != "" {
				return m[1], true
			}
			first = cmp.Or(first, m[1])
			continue
		}
		if trimmed := strings.TrimSpace(line); other == "" && trimmed != "" && !strings.HasPrefix(trimmed, "=== ") && !strings.HasPrefix(trimmed, "--- ") {
			other = trimmed
		}
	}
	if first != "" {
		return first, true
	}
	return cmp.Or(other, "(no message)"), false
}

// lastLogLine is the skip message: the last t.Log line of the test.
func lastLogLine(text string) string {
	last := ""
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "---") && !strings.HasPrefix(line, "===") {
			last = line
		}
	}
	return last
}

func (t *tally) summary(out io.Writer) {
	fmt.Fprintln(out, "\nvariants proven, per verdict (Clean: fixed variants):")
	for _, v := range sortedKeys(t.byVerdict) {
		fmt.Fprintf(out, "  %-12s %3d\n", v, len(t.byVerdict[v]))
	}
	fmt.Fprintf(out, "proofs: %d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped)
	printNotRun(out, t.notRun, t.notRunProofs)
	if len(t.packages) > 0 {
		fmt.Fprintf(out, "packages that failed with no failed test: %d\n", len(t.packages))
		for _, p := range t.packages {
			fmt.Fprintf(out, "  %s%s:\n", p.path, suffix(p.why))
			for _, line := range p.tail {
				fmt.Fprintf(out, "    %s\n", line)
			}
		}
	}
}

// appendMarkdown appends the summary to path as Markdown.
func (t *tally) appendMarkdown(path string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "## Proofs\n\n%d passed, %d failed, %d skipped\n\n", t.passed, t.failed, t.skipped)
	if line := notRunSummary(t.notRun, t.notRunProofs); line != "" {
		fmt.Fprintf(f, "%s\n\n", line)
	}
	fmt.Fprintf(f, "| verdict | variants proven |\n|---|---|\n")
	for _, v := range sortedKeys(t.byVerdict) {
		fmt.Fprintf(f, "| %s | %d |\n", v, len(t.byVerdict[v]))
	}
	if len(t.failures) > 0 || len(t.packages) > 0 {
		fmt.Fprintf(f, "\n### Failed\n\n")
		for _, m := range t.failures {
			fmt.Fprintf(f, "- `%s`\n", strings.ReplaceAll(m, "`", "'"))
		}
		for _, p := range t.packages {
			why := p.tail[len(p.tail)-1]
			if p.why != "" {
				why = p.why + ": " + why
			}
			fmt.Fprintf(f, "- `%s` (package, no test failed): %s\n", p.path, strings.ReplaceAll(why, "`", "'"))
		}
	}
	return f.Close()
}

// suffix is s in parentheses after a space, or nothing.
func suffix(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
