package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Budgets from the design: how long one proof of each verdict may take.
var budgets = map[string]time.Duration{
	"Race": 500 * time.Millisecond, "LockOrder": 500 * time.Millisecond, "Recursive": 500 * time.Millisecond,
	"Leak": time.Second, "Blocked": time.Second, "Panic": time.Second, "Lost": time.Second, "Clean": 3 * time.Second,
	"LockTimeout": 3 * time.Second, "Hang": 3 * time.Second,
}

// provenTime reads a proof's verdict and the time of its first child:
// the fix's, not its twin's, which a ProveClean line may also give.
var provenTime = regexp.MustCompile(`(?:^|\.go:\d+: )proven: (\w+) [^\[]*\[([0-9.]+[µnm]?s)\]`)

// provenTries reads how many tries a Repeat proof ran: until its
// finding ("found at try 8 of at most 1000, after 2.2s") or, for a fix,
// all it had ("clean in 1000 tries of at most 1000, over 7s"). Only the
// part of a line before its twin's is read, as provenTime reads it.
var provenTries = regexp.MustCompile(`\((?:found at try (\d+)|clean in (\d+) tries) of at most \d+, `)

// twinPart starts the part of a ProveClean line about its twin.
const twinPart = "; the same workload on its twin"

// Targets of a Repeat proof of a flaky regression, in place of its
// verdict's budget: a median time to detection under repeatP50, a 95th
// percentile under repeatP95.
const (
	repeatP50 = time.Second
	repeatP95 = 5 * time.Second
)

// stressResult is one test's record at one GOMAXPROCS setting.
type stressResult struct {
	verdict string
	passed  int
	runs    int
	times   []time.Duration
	tries   []int    // of each Repeat proof: tries to the finding, or tries a fix ran
	twins   int      // twins run (a test's subtests may run several)
	retried int      // of them, twins of proofs without Repeat that missed a try before their finding
	where   []string // the tests or subtests whose twins those were
	misses  []string // the failure output of the first miss
}

// stressConfig is what proofs -stress is asked to run, and where its
// records and reports go besides stdout.
type stressConfig struct {
	n                    int
	cpus                 []string
	run, skip, shard     string
	tags, overlay        string
	swapOverlay, swapRun string
	pkgs                 []string
	outputs
}

// stress runs the proving tests n times at each GOMAXPROCS setting and
// reports k/n per test, with proof times against the budgets. tags, if
// set, are go test's build tags. overlay, if set, is the overlay the
// tests are built with; swapOverlay, if set, is the go-deadlock build's
// (conctest/swap), in which the same tests run again, without -race, on
// rows of their own: a proof that build skips is the plain build's, and
// the other way round, so a row counts only the runs that did not skip.
// swapRun, if set, keeps to the go-deadlock build the tests it matches.
// The report is made from the runs' records, as proofs -merge makes it
// from the records of a sharded run's shards.
func stress(c stressConfig, out io.Writer) int {
	pkgs := c.pkgs
	if c.tags != "" {
		// go test reads flags up to its first package: the tags reach
		// both the listing and the runs.
		pkgs = append([]string{"-tags=" + c.tags}, pkgs...)
	}
	plain := pkgs
	if c.overlay != "" {
		plain = append([]string{"-overlay=" + c.overlay}, pkgs...)
	}
	h := stressRun{Selection: selection(c), N: c.n, CPUs: c.cpus, Shard: c.shard}
	tests, err := listTests(c.run, c.skip, c.shard, plain)
	if err != nil {
		fmt.Fprintln(out, "proofs -stress:", err)
		return 2
	}
	if len(tests) == 0 {
		if h.sharded() {
			// Another shard may hold them all: the merge says whether
			// any test matched.
			fmt.Fprintf(out, "proofs -stress: no test in shard %s\n", c.shard)
			return c.write(recordFile{head: h}, out, false)
		}
		fmt.Fprintln(out, "proofs -stress: no test matches")
		return 2
	}
	// A -run pattern with a subtest path stresses those subtests, each
	// on its own row; otherwise a subtest's proofs count for its test.
	_, sub, bySubtest := strings.Cut(c.run, "/")
	pattern := func(tests []string) string {
		p := "^(" + strings.Join(tests, "|") + ")$"
		if bySubtest {
			p += "/" + sub
		}
		return p
	}
	depth := 0
	if bySubtest {
		depth = strings.Count(sub, "/") + 1
	}
	type build struct {
		name, pattern string // name: "" for the plain build
		args          []string
	}
	builds := []build{{"", pattern(tests), append([]string{"-race"}, plain...)}}
	if c.swapOverlay != "" {
		swapped, err := matching(tests, c.swapRun)
		if err != nil {
			fmt.Fprintln(out, "proofs -stress:", err)
			return 2
		}
		if len(swapped) > 0 {
			builds = append(builds, build{swapBuild, pattern(swapped), append([]string{"-overlay=" + c.swapOverlay}, pkgs...)})
		}
	}
	var recs []runRecord
	for _, b := range builds {
		for _, cpu := range c.cpus {
			args := append([]string{"test", "-json", "-count=" + strconv.Itoa(c.n), "-cpu=" + cpu, "-run=" + b.pattern, "-timeout=0"}, b.args...)
			cmd := exec.Command("go", args...)
			cmd.Stderr = os.Stderr
			pipe, _ := cmd.StdoutPipe()
			fmt.Fprintf(out, "stress: go %s\n", strings.Join(args, " "))
			if err := cmd.Start(); err != nil {
				fmt.Fprintln(out, "proofs -stress:", err)
				return 2
			}
			got := collect(pipe, cpu, depth, b.name)
			recs = append(recs, got...)
			// Failed proofs are counted from the events. A go test that
			// failed with no proof run (a build that did not compile, an
			// overlay it could not read) ran nothing to count: that run
			// fails, or a shard would drop its rows without a word.
			if err := cmd.Wait(); err != nil && len(got) == 0 {
				fmt.Fprintf(out, "proofs -stress: go %s ran no proof: %v\n", strings.Join(args, " "), err)
				return 2
			}
		}
	}
	return c.write(recordFile{head: h, runs: recs}, out, true)
}

// selection says what a stress run proves, in the flags that choose it,
// so that proofs -merge can tell the shards of one run from another's.
// Overlays are left out: their paths differ from one machine to another.
func selection(c stressConfig) string {
	s := "-run " + c.run
	for _, f := range [][2]string{{"-skip", c.skip}, {"-tags", c.tags}, {"-swap-run", c.swapRun}} {
		if f[1] != "" {
			s += " " + f[0] + " " + f[1]
		}
	}
	if c.swapOverlay != "" {
		s += " -swap"
	}
	return s + " " + strings.Join(c.pkgs, " ")
}

// swapBuild names the go-deadlock build in records; swapLabel ends the
// names of its rows.
const (
	swapBuild = "go-deadlock build"
	swapLabel = " (" + swapBuild + ")"
)

// matching returns the names that pattern matches, all of them if it is
// empty.
func matching(names []string, pattern string) ([]string, error) {
	if pattern == "" {
		return names, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("bad -swap-run: %v", err)
	}
	var kept []string
	for _, name := range names {
		if re.MatchString(name) {
			kept = append(kept, name)
		}
	}
	return kept, nil
}

// listTests asks go test for the test names, keeps those of this shard
// ("k/m": every m-th test, starting at k, in sorted order), and returns
// them as qualified "Name" patterns.
func listTests(run, skip, shard string, pkgs []string) ([]string, error) {
	k, m, err := parseShard(shard)
	if err != nil {
		return nil, err
	}
	top, _, _ := strings.Cut(run, "/") // go test -list lists top-level tests
	args := append([]string{"test", "-list", top}, pkgs...)
	b, err := exec.Command("go", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("go test -list: %v", err)
	}
	skipRe := regexp.MustCompile(skip)
	var names []string
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "Test") && (skip == "" || !skipRe.MatchString(line)) {
			names = append(names, line)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names) // a name two packages share is one pattern
	var mine []string
	for i, name := range names {
		if i%m == k {
			mine = append(mine, name)
		}
	}
	return mine, nil
}

// collect reads one stress run's events into records, one per run of a
// proof: its pass, fail or skip, with what its proofs said since the
// run before. At depth 0 a subtest's proofs and output count for its
// top-level test, whose pass or fail is the run's outcome; at depth d,
// each subtest d levels down is a row of its own, and the tests above it
// are left out. Proofs' output that no outcome followed (a binary that
// died) is a record with no result, so that its times still count.
func collect(in io.Reader, cpu string, depth int, build string) []runRecord {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var recs []runRecord
	open := map[string]*runRecord{} // by proof: its run under way
	var order []string              // the proofs, as they first appeared
	output := map[string]*strings.Builder{}
	seq, missed := map[string]int{}, map[string]bool{}
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" {
			continue
		}
		parts := strings.Split(e.Test, "/")
		if len(parts) <= depth {
			continue // above the subtests asked for
		}
		name := strings.Join(parts[:depth+1], "/")
		below := len(parts) > depth+1
		key := e.Package[strings.LastIndex(e.Package, "/")+1:] + "." + name
		r := open[key]
		if r == nil {
			r = &runRecord{Proof: key, Build: build, CPU: cpu}
			open[key] = r
			if _, seen := seq[key]; !seen {
				seq[key] = 0
				order = append(order, key)
			}
		}
		switch e.Action {
		case "output":
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(e.Output)
			r.proven(e.Test, e.Output)
		case "pass", "fail", "skip":
			if below {
				continue
			}
			// A skip is another build's proof, or one this build cannot
			// run: it is no run, and what it printed is no miss.
			r.Result = e.Action
			if e.Action == "fail" && !missed[key] {
				missed[key] = true
				r.Miss = output[key].String()
			}
			seq[key]++
			r.Seq = seq[key]
			recs = append(recs, *r)
			delete(open, key)
			delete(output, key)
		}
	}
	for _, key := range order {
		if r := open[key]; r != nil && r.said() {
			seq[key]++
			r.Seq = seq[key]
			recs = append(recs, *r)
		}
	}
	return recs
}

// proven adds what a line of test's output proved, if it is a "proven:"
// line, to r.
func (r *runRecord) proven(test, line string) {
	m := provenTime.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return
	}
	r.Verdict = m[1]
	if d, err := time.ParseDuration(m[2]); err == nil {
		r.Times = append(r.Times, d)
	}
	fix, twin, hasTwin := strings.Cut(line, twinPart)
	if hasTwin {
		r.Twins++
	}
	if t := provenTries.FindStringSubmatch(fix); t != nil {
		n, _ := strconv.Atoi(t[1] + t[2]) // one of the two is empty
		r.Tries = append(r.Tries, n)
	} else if t := provenTries.FindStringSubmatch(twin); t != nil && t[1] != "" && t[1] != "1" {
		// A twin of a proof without Repeat says its try only past the
		// first.
		r.Retried = append(r.Retried, test)
	}
}

// said reports whether r's proofs said anything that counts.
func (r *runRecord) said() bool {
	return r.Verdict != "" || len(r.Times) > 0 || len(r.Tries) > 0 || r.Twins > 0 || len(r.Retried) > 0
}

func report(results map[string]map[string]*stressResult, n int, cpus []string, out io.Writer) int {
	names := make([]string, 0, len(results))
	for name := range results {
		names = append(names, name)
	}
	slices.Sort(names)
	// The first column fits the longest name: a go-deadlock build's row
	// is longer by its label.
	width := 46
	for _, name := range names {
		width = max(width, len(name))
	}
	fmt.Fprintf(out, "\n%-*s %-12s", width, "proof", "verdict")
	for _, c := range cpus {
		fmt.Fprintf(out, " %-9s", "cpu="+c)
	}
	// Rows of Repeat proofs also show how many tries they took: to the
	// finding, or, for a fix, how many it ran within the budget.
	repeated := slices.ContainsFunc(names, func(name string) bool {
		return slices.ContainsFunc(cpus, func(c string) bool { return results[name][c] != nil && len(results[name][c].tries) > 0 })
	})
	fmt.Fprintf(out, " %8s %8s", "p50", "p95")
	if repeated {
		fmt.Fprintf(out, " %7s %7s", "tries50", "tries95")
	}
	fmt.Fprintf(out, " %8s  %s\n", "budget", "status")
	bad, missed, flagged, brokenRuns, fixedRuns := 0, 0, 0, 0, 0
	for _, name := range names {
		w := stressRowOf(name, results[name], n, cpus)
		line := ""
		for i, k := range w.passed {
			line += fmt.Sprintf(" %-9s", fmt.Sprintf("%d/%d", k, n))
			if k != n {
				bad++
			}
			if w.fixed {
				fixedRuns, flagged = fixedRuns+n, flagged+n-w.passed[i]
			} else {
				brokenRuns, missed = brokenRuns+n, missed+n-w.passed[i]
			}
		}
		cols := ""
		if repeated {
			cols = fmt.Sprintf(" %7s %7s", "-", "-")
		}
		if len(w.tries) > 0 {
			cols = fmt.Sprintf(" %7d %7d", w.tries50, w.tries95)
		}
		fmt.Fprintf(out, "%-*s %-12s%s %8v %8v%s %8v  %s\n", width, name, w.verdict, line, w.p50, w.p95, cols, budgetText(w.budget), w.status)
	}
	if repeated {
		fmt.Fprintf(out, "\nRows with tries are Repeat proofs: tries to the finding or, for a fix, tries run; their budget is the\n"+
			"flaky-regression target, p50 under %v and p95 under %v (a fix's time is its tries', bounded by the Repeat budget).\n", repeatP50, repeatP95)
	}
	// A twin's detector may miss a try now and then, and the twin then
	// takes another (three, by default): no failure, but a twin that
	// misses often is a workload that barely reaches its window.
	retried, twins := 0, 0
	for _, name := range names {
		for _, c := range cpus {
			r := results[name][c]
			if r == nil {
				continue
			}
			retried, twins = retried+r.retried, twins+r.twins
			if r.retried > 0 {
				fmt.Fprintf(out, "\ntwins of %s at cpu=%s: %d of %d needed more than one try (%s)", name, c, r.retried, r.twins, strings.Join(r.where, ", "))
			}
		}
	}
	if retried > 0 {
		fmt.Fprintln(out)
	}
	for _, name := range names {
		for _, c := range cpus {
			if r := results[name][c]; r != nil && len(r.misses) > 0 {
				fmt.Fprintf(out, "\nfirst miss of %s at cpu=%s:\n%s", name, c, r.misses[0])
			}
		}
	}
	fmt.Fprintf(out, "\nbroken variants: %d of %d proofs missed; fixed variants: %d of %d runs flagged by a detector",
		missed, brokenRuns, flagged, fixedRuns)
	if twins > 0 {
		fmt.Fprintf(out, "; twins: %d of %d needed more than one try", retried, twins)
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "stress: %d passed, %d failed\n", len(names)*len(cpus)-bad, bad)
	if bad > 0 {
		return 1
	}
	return 0
}

// A stressRow is one proof's row of the report, at every GOMAXPROCS
// setting.
type stressRow struct {
	verdict          string
	fixed            bool
	passed           []int // at each setting
	times            []time.Duration
	p50, p95         time.Duration
	tries            []int // of a Repeat proof
	tries50, tries95 int
	budget           time.Duration
	status           string
}

// stressRowOf sums up the row of the proof name, whose results at each
// setting are byCPU.
func stressRowOf(name string, byCPU map[string]*stressResult, n int, cpus []string) stressRow {
	w := stressRow{fixed: strings.Contains(name, ".TestNo")}
	short := false
	for _, c := range cpus {
		r := byCPU[c]
		if r == nil {
			r = &stressResult{}
		}
		if r.verdict != "" {
			w.verdict = r.verdict
		}
		w.times = append(w.times, r.times...)
		w.tries = append(w.tries, r.tries...)
		w.passed = append(w.passed, r.passed)
		short = short || r.passed != n
	}
	w.p50, w.p95 = percentile(w.times, 50), percentile(w.times, 95)
	w.budget, w.status = budgets[w.verdict], status(w.fixed, short, budgets[w.verdict], w.p95)
	if len(w.tries) > 0 {
		w.tries50, w.tries95 = percentileInt(w.tries, 50), percentileInt(w.tries, 95)
		w.budget, w.status = repeatBudget(w.fixed, short, w.p50, w.p95)
	}
	return w
}

// status is a row's last column: MISSED for a broken variant not proven
// on every run, FLAGGED for a fixed one a detector reported, OVER when the
// 95th-percentile proof time exceeds the verdict's budget, else ok.
func status(fixed, short bool, budget, p95 time.Duration) string {
	switch {
	case short && fixed:
		return "FLAGGED"
	case short:
		return "MISSED"
	case budget > 0 && p95 > budget:
		return "OVER"
	}
	return "ok"
}

// repeatBudget is a Repeat proof's budget column and status: a broken
// variant's proof is OVER when its median or 95th-percentile time misses
// the flaky-regression targets; a fix's time is that of all its tries,
// which the Repeat budget bounds, so it has no budget of its own.
func repeatBudget(fixed, short bool, p50, p95 time.Duration) (time.Duration, string) {
	if fixed {
		return 0, status(fixed, short, 0, p95)
	}
	st := status(fixed, short, repeatP95, p95)
	if st == "ok" && p50 > repeatP50 {
		st = "OVER"
	}
	return repeatP95, st
}

// budgetText prints a budget, or "-" for none.
func budgetText(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return d.String()
}

// percentileInt is percentile for counts.
func percentileInt(ns []int, p int) int {
	s := slices.Clone(ns)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)].Round(time.Millisecond)
}
