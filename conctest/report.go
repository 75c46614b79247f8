package conctest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// A Finding is one verdict with the part of the child's output that shows
// it: a race report, a go-deadlock report, a goroutine dump, a leak list or
// an invariant's message.
type Finding struct {
	Verdict  Verdict
	Detector Detector
	Run      string // "plain", "bubble" (testing/synctest) or "static"
	Evidence string
}

// A Report is everything the detectors said about one function.
type Report struct {
	Findings []Finding
	Output   string        // the evidence, the race reports, then what the child printed (stdout, stderr): context
	Elapsed  time.Duration // wall time of the slowest run: its child's, or its own where the call's runs shared a child
	// Incomplete explains why the report may lack verdicts: the case never
	// started in the child, or the child ended without reaching the end of
	// its run and without a terminal verdict. Empty for a complete report.
	Incomplete string
	// RaceOff is set when the binary was built without -race, so the race
	// detector could not report anything.
	RaceOff bool
	// LeakProfileOn is set when the binary was built with
	// GOEXPERIMENT=goroutineleakprofile, so the leak profile was asked.
	LeakProfileOn bool
	// Tries is how many times fn ran, and MaxTries how many Repeat allowed
	// (1 and 1 without it; 0 for as many as its budget allowed); After is
	// how long into the child's run the tries stopped: at the finding, if
	// there was one.
	Tries, MaxTries int
	After           time.Duration
	// Notes are what the engine has to say that is no verdict: a bubble
	// that could not judge fn, for one.
	Notes []string
	// NotRun names each detector that could not look at this run, and
	// why: its silence is no Clean.
	NotRun map[Detector]string
	// Twin is what the detectors said of the run of a Diagnose's Twin,
	// apart from fn's: nil when none was asked. Where this binary cannot
	// judge the twin's verdict, the twin does not run, and Twin's NotRun
	// says why.
	Twin *Report `json:",omitempty"`
}

// triesSaid says how many tries ran, for a report of Repeat's.
func (r *Report) triesSaid(found bool) string {
	of := fmt.Sprintf("of at most %d", r.MaxTries)
	switch {
	case r.MaxTries == 1:
		return ""
	case r.MaxTries == 0:
		of = "of as many as the budget allowed"
	}
	if found {
		return fmt.Sprintf("found at try %d %s, after %v", r.Tries, of, r.After.Round(time.Millisecond))
	}
	return fmt.Sprintf("clean in %d tries %s, over %v", r.Tries, of, r.After.Round(time.Millisecond))
}

// The words a child's own findings begin their evidence with, and the
// end of a run in reports recorded before the child had a channel.
const (
	endLine  = "conctest: end "
	lostLine = "conctest: invariant violated: "
	leakLine = "conctest: goleak: "
	profLine = "conctest: goroutineleak: "
	raceEnd  = "=================="
)

// classify returns the verdict whose marker starts at line, if any, and
// the detector that gave it.
func classify(line string) (Verdict, Detector, bool) {
	switch {
	case strings.HasPrefix(line, profLine):
		return Leak, LeakProfile, true
	case strings.HasPrefix(line, "fatal error: concurrent map"):
		// The runtime's own check, which needs no -race: a runtime
		// finding, so the catalog checks it in either build.
		return Race, Runtime, true
	}
	v, ok := classifyVerdict(line)
	return v, v.Detector(), ok
}

func classifyVerdict(line string) (Verdict, bool) {
	switch {
	case line == "WARNING: DATA RACE", strings.HasPrefix(line, "fatal error: concurrent map"):
		return Race, true
	case strings.HasPrefix(line, "POTENTIAL DEADLOCK: Recursive locking"):
		return Recursive, true
	case strings.HasPrefix(line, "POTENTIAL DEADLOCK: Inconsistent locking"):
		return LockOrder, true
	case line == "POTENTIAL DEADLOCK:":
		return LockTimeout, true
	case strings.Contains(line, "deadlock: all goroutines in bubble are blocked"),
		strings.Contains(line, "main bubble goroutine has exited but blocked goroutines remain"):
		return Blocked, true
	case strings.HasPrefix(line, "panic: test timed out after"):
		return Hang, true
	case strings.HasPrefix(line, leakLine), strings.HasPrefix(line, "found unexpected goroutines"):
		return Leak, true
	case strings.HasPrefix(line, lostLine):
		return Lost, true
	case strings.HasPrefix(line, "panic: "), strings.HasPrefix(line, "fatal error: "):
		return Panic, true
	}
	return "", false
}

// parse reads a detector's own text (a race log) or a recorded report
// and returns the findings in it, in order. Each finding's evidence runs
// from its marker to the next marker, the end of a race report, or the
// end of the run. It never reads what the code under test printed.
func parse(output, run string) []Finding {
	var findings []Finding
	var cur *Finding
	var ev []string
	flush := func() {
		if cur != nil {
			cur.Evidence = strings.Join(ev, "\n")
			findings = append(findings, *cur)
			cur, ev = nil, nil
		}
	}
	for line := range strings.Lines(output) {
		line = strings.TrimPrefix(strings.TrimRight(line, "\r\n"), "\x16") // test2json's framing
		if v, d, ok := classify(line); ok {
			if cur != nil && cur.Verdict == Panic && v == Panic {
				ev = append(ev, line) // a re-panic continues the same crash
				continue
			}
			flush()
			cur = &Finding{Verdict: v, Detector: d, Run: run}
		}
		if strings.HasPrefix(line, endLine) {
			flush()
			continue
		}
		if cur != nil {
			ev = append(ev, line)
			if cur.Verdict == Race && line == raceEnd && len(ev) > 1 {
				flush()
			}
		}
	}
	flush()
	return findings
}

// Verdicts returns the distinct verdicts of r in vocabulary order, or
// [Clean] when there are none. An incomplete report with no finding has
// no verdict at all: nil, never Clean.
func (r *Report) Verdicts() []Verdict {
	var vs []Verdict
	for _, v := range verdicts {
		if r.Has(v) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 && r.Incomplete == "" {
		return []Verdict{Clean}
	}
	return vs
}

// Has reports whether any detector gave verdict v.
func (r *Report) Has(v Verdict) bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Verdict == v })
}

// Said returns the distinct verdicts detector d gave, in vocabulary
// order, or [Clean].
func (r *Report) Said(d Detector) []Verdict {
	var vs []Verdict
	for _, v := range verdicts {
		if slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Verdict == v && f.Detector == d }) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return []Verdict{Clean}
	}
	return vs
}

// Check returns nil if r holds verdict want with evidence that names blame,
// and otherwise an error that says what was reported instead. The blame
// is read in the verdict's own evidence, in the frames of the code under
// test (see blame.go): for Panic also the panic's whole message or its
// part before the first ": ", for Lost a phrase of whole words of the
// invariant's message.
func (r *Report) Check(want Verdict, blame string) error {
	_, err := r.proof(want, blame)
	return err
}

// proof is Check, returning the finding that proves want.
func (r *Report) proof(want Verdict, blame string) (Finding, error) {
	if want == Clean {
		if len(r.Findings) > 0 || r.Incomplete != "" {
			return Finding{}, fmt.Errorf("want Clean, got %s\n%s", r.summary(), r.Excerpt())
		}
		return Finding{}, nil
	}
	var named []Finding
	for _, f := range r.Findings {
		if f.Verdict == want && blamed(f, blame) {
			return f, nil
		}
		if f.Verdict == want {
			named = append(named, f)
		}
	}
	incomplete := ""
	if r.Incomplete != "" {
		incomplete = "; and the run is incomplete: " + r.Incomplete
	}
	if len(named) > 0 {
		why := whereElse(r, want, blame)
		if why == "" {
			why = fmt.Sprintf("%q appears nowhere in it", blame)
		}
		return Finding{}, fmt.Errorf("%s reported, but its report does not name %q: %s%s\n%s", want, blame, why, incomplete, culpritFirst(named[0]))
	}
	if r.Incomplete != "" {
		return Finding{}, fmt.Errorf("no %s reported: %s (%s)\n%s", want, r.Incomplete, r.summary(), r.Excerpt())
	}
	return Finding{}, fmt.Errorf("no %s reported (%s)\n%s", strings.ToLower(string(want)), r.summary(), r.Excerpt())
}

// summary is a one-line account of what each detector said.
func (r *Report) summary() string {
	if r.Incomplete != "" && len(r.Findings) == 0 {
		return "no detector said anything, and the run is incomplete: " + r.Incomplete
	}
	if len(r.Findings) == 0 && len(r.Notes) > 0 {
		return "every detector Clean; note: " + strings.Join(r.Notes, "; note: ")
	}
	if len(r.Findings) == 0 {
		return "every detector Clean"
	}
	var parts []string
	for _, d := range detectors {
		if said := r.Said(d); said[0] != Clean {
			parts = append(parts, fmt.Sprintf("%s said %s", d, joinVerdicts(said)))
		}
	}
	if r.Incomplete != "" {
		parts = append(parts, "and the run is incomplete: "+r.Incomplete)
	}
	for _, n := range r.Notes {
		parts = append(parts, "note: "+n)
	}
	return strings.Join(parts, ", ")
}

// String lists what every detector said, one line each.
func (r *Report) String() string {
	var b strings.Builder
	for _, d := range detectors {
		said := r.Said(d)
		note := ""
		switch {
		case d == Static:
			continue // static.Analyze's report, not a run's
		case r.NotRun[d] != "":
			note = " (not run: " + r.NotRun[d] + ")"
		case d == RaceDetector && r.RaceOff:
			note = " (not run: build with -race)"
		case d == LeakProfile && !r.LeakProfileOn:
			note = " (not run: build with GOEXPERIMENT=goroutineleakprofile)"
		}
		fmt.Fprintf(&b, "%-12s %s%s\n", d, joinVerdicts(said), note)
	}
	if r.Incomplete != "" {
		fmt.Fprintf(&b, "incomplete: %s\n", r.Incomplete)
	}
	if s := r.triesSaid(len(r.Findings) > 0); s != "" {
		fmt.Fprintf(&b, "tries:       %s\n", s)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note:        %s\n", n)
	}
	return b.String()
}

func joinVerdicts(vs []Verdict) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, "+")
}

// excerpt keeps the first lines of a long report and says how many it cut.
func excerpt(s string) string {
	const max = maxFindingLines
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= max {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:max], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-max)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
