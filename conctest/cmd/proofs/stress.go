package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
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

// stress runs the proving tests n times at each GOMAXPROCS setting and
// reports k/n per test, with proof times against the budgets. tags, if
// set, are go test's build tags. overlay, if set, is the overlay the
// tests are built with; swapOverlay, if set, is the go-deadlock build's
// (conctest/swap), in which the same tests run again, without -race, on
// rows of their own: a proof that build skips is the plain build's, and
// the other way round, so a row counts only the runs that did not skip.
// swapRun, if set, keeps to the go-deadlock build the tests it matches.
func stress(n int, cpus []string, run, skip, shard, tags, overlay, swapOverlay, swapRun string, pkgs []string, out io.Writer) int {
	if tags != "" {
		// go test reads flags up to its first package: the tags reach
		// both the listing and the runs.
		pkgs = append([]string{"-tags=" + tags}, pkgs...)
	}
	plain := pkgs
	if overlay != "" {
		plain = append([]string{"-overlay=" + overlay}, pkgs...)
	}
	tests, err := listTests(run, skip, shard, plain)
	if err != nil {
		fmt.Fprintln(out, "proofs -stress:", err)
		return 2
	}
	if len(tests) == 0 {
		fmt.Fprintln(out, "proofs -stress: no test matches")
		return 2
	}
	// A -run pattern with a subtest path stresses those subtests, each
	// on its own row; otherwise a subtest's proofs count for its test.
	_, sub, bySubtest := strings.Cut(run, "/")
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
	results := map[string]map[string]*stressResult{} // test -> cpu -> result
	type build struct {
		label, pattern string
		args           []string
	}
	builds := []build{{"", pattern(tests), append([]string{"-race"}, plain...)}}
	if swapOverlay != "" {
		swapped, err := matching(tests, swapRun)
		if err != nil {
			fmt.Fprintln(out, "proofs -stress:", err)
			return 2
		}
		if len(swapped) > 0 {
			builds = append(builds, build{swapLabel, pattern(swapped), append([]string{"-overlay=" + swapOverlay}, pkgs...)})
		}
	}
	for _, b := range builds {
		for _, cpu := range cpus {
			args := append([]string{"test", "-json", "-count=" + strconv.Itoa(n), "-cpu=" + cpu, "-run=" + b.pattern, "-timeout=0"}, b.args...)
			cmd := exec.Command("go", args...)
			cmd.Stderr = os.Stderr
			pipe, _ := cmd.StdoutPipe()
			fmt.Fprintf(out, "stress: go %s\n", strings.Join(args, " "))
			if err := cmd.Start(); err != nil {
				fmt.Fprintln(out, "proofs -stress:", err)
				return 2
			}
			collect(pipe, cpu, depth, b.label, results)
			_ = cmd.Wait() // failures are counted from the events
		}
	}
	// A row is a proof that ran in its build: one that skipped in every
	// run is another build's.
	for name, byCPU := range results {
		if !slices.ContainsFunc(slices.Collect(maps.Values(byCPU)), func(r *stressResult) bool { return r.runs > 0 }) {
			delete(results, name)
		}
	}
	return report(results, n, cpus, out)
}

// swapLabel ends the names of the go-deadlock build's rows.
const swapLabel = " (go-deadlock build)"

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
	k, m := 0, 1
	if _, err := fmt.Sscanf(shard, "%d/%d", &k, &m); err != nil || m < 1 || k < 0 || k >= m {
		return nil, fmt.Errorf("bad -shard %q: want k/m with 0 <= k < m", shard)
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

// collect reads one stress run's events into results. At depth 0 a
// subtest's proofs and output count for its top-level test, whose pass or
// fail is the run's outcome; at depth d, each subtest d levels down is a
// row of its own, and the tests above it are left out.
func collect(in io.Reader, cpu string, depth int, label string, results map[string]map[string]*stressResult) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	output := map[string]*strings.Builder{}
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
		key := e.Package[strings.LastIndex(e.Package, "/")+1:] + "." + name + label
		if results[key] == nil {
			results[key] = map[string]*stressResult{}
		}
		r := results[key][cpu]
		if r == nil {
			r = &stressResult{}
			results[key][cpu] = r
		}
		switch e.Action {
		case "output":
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(e.Output)
			if m := provenTime.FindStringSubmatch(strings.TrimSpace(e.Output)); m != nil {
				r.verdict = m[1]
				if d, err := time.ParseDuration(m[2]); err == nil {
					r.times = append(r.times, d)
				}
				fix, twin, hasTwin := strings.Cut(e.Output, twinPart)
				if hasTwin {
					r.twins++
				}
				if t := provenTries.FindStringSubmatch(fix); t != nil {
					n, _ := strconv.Atoi(t[1] + t[2]) // one of the two is empty
					r.tries = append(r.tries, n)
				} else if t := provenTries.FindStringSubmatch(twin); t != nil && t[1] != "" && t[1] != "1" {
					// A twin of a proof without Repeat says its try only
					// past the first.
					r.retried++
					if !slices.Contains(r.where, e.Test) {
						r.where = append(r.where, e.Test)
					}
				}
			}
		case "pass", "fail", "skip":
			if below {
				continue
			}
			if e.Action == "skip" { // another build's proof, or one this build cannot run
				delete(output, key)
				continue
			}
			r.runs++
			if e.Action == "pass" {
				r.passed++
			} else if len(r.misses) == 0 {
				r.misses = append(r.misses, output[key].String())
			}
			delete(output, key)
		}
	}
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
		fixed := strings.Contains(name, ".TestNo")
		var all []time.Duration
		var tries []int
		verdict := ""
		line, short := "", false
		for _, c := range cpus {
			r := results[name][c]
			if r == nil {
				r = &stressResult{}
			}
			if r.verdict != "" {
				verdict = r.verdict
			}
			all = append(all, r.times...)
			tries = append(tries, r.tries...)
			line += fmt.Sprintf(" %-9s", fmt.Sprintf("%d/%d", r.passed, n))
			if r.passed != n {
				bad++
				short = true
			}
			if fixed {
				fixedRuns, flagged = fixedRuns+n, flagged+n-r.passed
			} else {
				brokenRuns, missed = brokenRuns+n, missed+n-r.passed
			}
		}
		p50, p95 := percentile(all, 50), percentile(all, 95)
		budget, st := budgets[verdict], status(fixed, short, budgets[verdict], p95)
		cols := ""
		if repeated {
			cols = fmt.Sprintf(" %7s %7s", "-", "-")
		}
		if len(tries) > 0 {
			cols = fmt.Sprintf(" %7d %7d", percentileInt(tries, 50), percentileInt(tries, 95))
			budget, st = repeatBudget(fixed, short, p50, p95)
		}
		fmt.Fprintf(out, "%-*s %-12s%s %8v %8v%s %8v  %s\n", width, name, verdict, line, p50, p95, cols, budgetText(budget), st)
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
