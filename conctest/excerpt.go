package conctest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// An excerpt is what a reader needs of a finding: the culprit first. A
// goroutine dump keeps its message and the goroutines of the code under
// test, and says how many of the harness's it left out; identical
// findings are shown once, with a count; and every excerpt is capped.

const (
	maxFindingLines = 40  // of one finding's excerpt
	maxExcerptLines = 200 // of a whole report's
)

// dumps are the verdicts whose evidence is a goroutine dump.
func dumped(f Finding) bool {
	switch f.Verdict {
	case Hang, Blocked, Panic:
		return true
	case Leak:
		return f.Detector == Goleak
	case Race:
		return f.Detector == Runtime
	}
	return false
}

// Excerpt is f's evidence as a reader needs it: for a goroutine dump, its
// message, then the goroutines of the code under test with the harness's
// frames folded, the harness's goroutines left out; capped.
func (f Finding) Excerpt() string { return culpritFirst(f) }

// culpritFirst returns a finding's evidence with the code under test's
// goroutines first and the harness's left out, capped.
func culpritFirst(f Finding) string {
	if !dumped(f) {
		return excerpt(f.Evidence)
	}
	head, blocks := splitDump(f.Evidence)
	var own [2][]string // ranked by underTest: the goroutines stuck in the code under test first
	left := 0
	for _, b := range blocks {
		if stacks := goroutines(b); len(stacks) > 0 && culprit(stacks[0]) {
			rank := underTest(stacks[0])
			own[rank] = append(own[rank], folded(b))
		} else {
			left++
		}
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(head, "\n"))
	for _, g := range slices.Concat(own[0], own[1]) {
		b.WriteString("\n\n" + strings.TrimRight(g, "\n"))
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n\n(%d goroutine(s) of the harness left out: the test runner, the watchdog, conctest)", left)
	}
	return excerpt(b.String())
}

// folded folds the harness's frames of one goroutine's stack into a line
// that counts them, so the code under test's frames come first.
func folded(block string) string {
	lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
	var b strings.Builder
	skipped := 0
	flush := func() {
		if skipped > 0 {
			fmt.Fprintf(&b, "\t... %d harness frame(s): runtime, standard library, detectors, conctest\n", skipped)
			skipped = 0
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		isFrame := i > 0 && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "created by ") &&
			i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t")
		if isFrame && (frame{fn: traceFunc(line), file: fileOf(lines[i+1])}).harness() {
			skipped++
			i++ // its file line
			continue
		}
		flush()
		b.WriteString(line + "\n")
	}
	flush()
	return b.String()
}

// splitDump splits a goroutine dump into the lines before its first
// goroutine and the goroutines themselves, one block each.
func splitDump(ev string) (head string, blocks []string) {
	var cur *strings.Builder
	var h strings.Builder
	for line := range strings.Lines(ev) {
		switch {
		case stackHeader.MatchString(line):
			if cur != nil {
				blocks = append(blocks, cur.String())
			}
			cur = new(strings.Builder)
		case cur != nil && (strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "]"):
			blocks = append(blocks, cur.String())
			cur = nil
			continue
		}
		if cur != nil {
			cur.WriteString(line)
		} else if len(blocks) == 0 {
			h.WriteString(line)
		}
	}
	if cur != nil {
		blocks = append(blocks, cur.String())
	}
	return h.String(), blocks
}

// volatile are the parts of a report that differ between two runs of the
// same bug: addresses, goroutine numbers, argument values, offsets.
var volatile = lazyRegexp(`0x[0-9a-f]+|goroutine \d+|Goroutine \d+|\+0x[0-9a-f]+|\d+(\.\d+)?(ms|s|µs)`)

// sameBug is a key under which two findings show the same bug, whichever
// run found them.
func sameBug(f Finding, text string) string {
	return string(f.Verdict) + "\x00" + string(f.Detector) + "\x00" + volatile().ReplaceAllString(text, "_")
}

// Excerpt is the part of the output that matters: each distinct finding,
// culprit first, once (with the runs that found it and a count), capped;
// or the tail of the output when there is no finding.
func (r *Report) Excerpt() string {
	if len(r.Findings) == 0 {
		if strings.TrimSpace(r.Output) == "" {
			return ""
		}
		return "what the child printed (context, not evidence), its last lines:\n" + excerpt(tail(r.Output, 30))
	}
	type shown struct {
		f     Finding
		text  string
		runs  []string
		count int
	}
	var order []*shown
	seen := map[string]*shown{}
	for _, f := range r.Findings {
		text := culpritFirst(f)
		key := sameBug(f, text)
		s, ok := seen[key]
		if !ok {
			s = &shown{f: f, text: text}
			seen[key] = s
			order = append(order, s)
		}
		s.count++
		if !strings.Contains(strings.Join(s.runs, ","), f.Run) {
			s.runs = append(s.runs, f.Run)
		}
	}
	var b strings.Builder
	for _, s := range order {
		times := ""
		if s.count > 1 {
			times = fmt.Sprintf(", %d times", s.count)
		}
		fmt.Fprintf(&b, "--- %s (%s, %s run%s%s):\n%s\n", s.f.Verdict, s.f.Detector, strings.Join(s.runs, " and "), plural(len(s.runs)), times, s.text)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) > maxExcerptLines {
		return strings.Join(lines[:maxExcerptLines], "\n") + fmt.Sprintf("\n... (%d more lines: the whole output is in Report.Output)", len(lines)-maxExcerptLines) + "\n"
	}
	return b.String()
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// lazyRegexp compiles pattern on first use. Compiling every pattern of
// the package at init cost each process some 2 ms under -race, and each
// proof starts a child process or more: a process now compiles only
// those it uses.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// A linePattern is a pattern for one line of a child's output or report,
// compiled on first use, with the literal starts that a line it matches
// must have: a line with none is refused without running the pattern.
// The parent matches every line of every child's output and report, and
// the race detector makes each run of a pattern dear (it allocates: under
// -race sync.Pool drops what is put in it at random): in the catalog's
// parent, 11% of perf's samples were in the patterns, nearly all of them
// on lines that could not match.
type linePattern struct {
	re     func() *regexp.Regexp
	starts []string
	blanks bool // the starts follow the line's leading blanks
}

// lineRegexp is pattern, which only matches lines that start with one of
// starts.
func lineRegexp(pattern string, starts ...string) linePattern {
	return linePattern{re: lazyRegexp(pattern), starts: starts}
}

// afterBlanks is p, whose starts may follow blanks (\s*).
func (p linePattern) afterBlanks() linePattern {
	p.blanks = true
	return p
}

// MatchString reports whether line matches the pattern.
func (p linePattern) MatchString(line string) bool {
	start := line
	if p.blanks {
		start = strings.TrimLeft(line, " \t\n\f\r")
	}
	for _, s := range p.starts {
		if strings.HasPrefix(start, s) {
			return p.re().MatchString(line)
		}
	}
	return false
}
