// Command mutate shows that every fixed variant's proofs can fail: it
// breaks each fix with one-line mutations (drop a lock, split an atomic
// add, drop a select case, remove a close, move a wg.Add...) and runs
// the proofs of that variant on each mutant. A proof that passes on a
// mutant cannot see the edge the mutation removed.
//
//	go run ./conctest/cmd/mutate [flags] ./counter ./locks ./prodcons ./sharedmem
//
// Each package directory holds its list in testdata/mutations.txt (go
// vet skips testdata). A list is a sequence of stanzas, one per mutant:
//
//	# comments and blank lines are ignored
//	mutant counter.Mutex: Inc without its lock
//	in     lostupdate.go (*Mutex).Inc
//	-      c.mu.Lock()
//	+
//	-      defer c.mu.Unlock()
//	+
//	run    ^TestNoRaceMutex$
//
// mutant names the fixed variant (its doc has a Fixed: paragraph) and
// says what the mutation does. in names the file, relative to the
// package, and the declaration the edits apply in: F, T.M, (*T).M, or a
// type, var or const. Each - line is a source line of that declaration,
// trimmed, with or without its trailing comment (runs of blanks count as
// one), which must be found there exactly once; the + line after it
// replaces it, indented as it was, and an empty + blanks it, so no line
// of the file moves. run, optional, is the regexp of the package's
// top-level tests that prove the variant; by default
// ^TestNo<Verdict><Name>$ for any verdict, as STYLE.md names proofs of
// fixed variants (TestNoRaceMutex, TestNoLostMutex).
//
// Every fixed variant of the package must have a mutant, and every mutant
// must name a fixed variant. The working tree is never written: each
// mutant is a copy of its file in a temporary directory, given to go test
// with -overlay. For each mutant mutate runs, with -race, the package's
// proving tests and then the variant's catalog row (-run
// '^TestCatalog$/^counter\.Mutex$' in the -catalog package). A mutant is
// killed when any of them fails (the first failure stops it), and
// survives when all pass. go vet is off in these runs: the proofs alone
// judge. A mutant that does not compile, whose line is not found exactly
// once, or whose runs select no test, is an error in the list, never a
// kill.
//
// Before any mutant, the same proofs run on the unmutated code (-baseline):
// a proof that already fails would kill every mutant for nothing, so the
// mutants of a variant whose proofs fail unmutated are not judged (each is
// an ERROR), and the run goes on with the others.
//
// Output: one line per mutant (killed, SURVIVED or ERROR, its time, the
// variant and description, and the test that killed it with its first
// message), then the total, "killed k/n (p%)", and the survivors again,
// with the stanza that made each. The exit status is 0 only when every
// mutant is killed; 1 when one survives or errs; 2 when a list is wrong.
//
// The lists are the suite's own, not a generic tool's: gremlins and
// go-mutesting mutate operators and statements wherever they are, broken
// variants and helpers included, and cannot express the edits a
// concurrency fix is undone by (an Add split into a Load and a Store, a
// wg.Add moved into the goroutine, a Broadcast made a Signal).
//
// Flags:
//
//	-p n         mutants run at once (default 2)
//	-timeout d   each go test run's -timeout (default 2m); its process
//	             group is killed 30s after it
//	-run re      only the mutants whose "variant: description" matches
//	-n           print each mutant's edits, with their lines; run nothing
//	-baseline    check the proofs on the unmutated code first (default true)
//	-catalog dir the package of TestCatalog (default ".")
//	-race        build with the race detector (default true)
//	-prepare cmd a command that makes the test builds from the source:
//	             mutate runs it as `cmd -base overlay.json dir`, with the
//	             mutant's overlay (none for the baseline), and it writes
//	             dir/plain.json, the overlay of the build the proofs run in
//	             (with -race), and, if the code has one, dir/swap.json,
//	             the go-deadlock build's (conctest/swap), where they run
//	             again without -race. A mutant that any build's proofs
//	             fail is killed. racelab's is internal/cmd/builds, which
//	             turns the lessons' marks into windows: a mutation's
//	             changed line may hold a mark inline, /* mark */.
//	-shard k/m   only the mutants of every m-th variant, from the k-th
//	             (a variant's mutants stay together, so that one shard
//	             runs its baseline), so that m jobs share a run
//	-record file write each mutant's result to file as a JSON line
//	-junit-out f write the mutants as the testsuite "mutate" of the JUnit
//	             file f, beside the suites it already holds
//	-markdown f  append the total to f as Markdown
//
// mutate -merge [-junit-out f] [-markdown f] file... reads the shards'
// records and prints each mutant's line, in list order, and the total,
// as the run unsharded prints them (its time is the shards' added up),
// with the same exit status; it fails when a shard is missing or given
// twice:
//
//	go run ./conctest/cmd/mutate -shard 2/8 -record mutate-2.jsonl ./counter ./locks   # on each of 8 jobs
//	go run ./conctest/cmd/mutate -merge mutate-*.jsonl
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout)) }

// config is what the flags say.
type config struct {
	parallel int
	timeout  time.Duration
	catalog  string
	race     bool
	prepare  string // the command that makes the builds, or ""
}

// A build is one way the tests are built: with -race or without, from an
// overlay or none. Every mutant is run in each of its builds.
type build struct {
	name    string // "" for the plain build
	race    bool
	overlay string // the overlay file, or ""
}

// args are b's go test flags.
func (b build) args() []string {
	var a []string
	if b.race {
		a = append(a, "-race")
	}
	if b.overlay != "" {
		a = append(a, "-overlay="+b.overlay)
	}
	return a
}

// builds returns the builds of the code that overlay (a mutant's, or ""
// for the source as it is) gives: with -prepare, those it writes into
// dir; without, the one build of overlay itself.
func builds(ctx context.Context, cfg config, overlay, dir string) ([]build, error) {
	if cfg.prepare == "" {
		return []build{{race: cfg.race, overlay: overlay}}, nil
	}
	args := strings.Fields(cfg.prepare)
	if overlay != "" {
		args = append(args, "-base", overlay)
	}
	cmd := exec.CommandContext(ctx, args[0], append(args[1:], dir)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("-prepare %s: %v: %s", cfg.prepare, err, strings.TrimSpace(string(out)))
	}
	bs := []build{{race: cfg.race, overlay: filepath.Join(dir, "plain.json")}}
	if _, err := os.Stat(bs[0].overlay); err != nil {
		return nil, fmt.Errorf("-prepare %s wrote no plain.json: %v", cfg.prepare, err)
	}
	if swap := filepath.Join(dir, "swap.json"); fileExists(swap) {
		bs = append(bs, build{name: "go-deadlock build", overlay: swap})
	}
	return bs, nil
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func run(args []string, out io.Writer) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(out)
	var cfg config
	fs.IntVar(&cfg.parallel, "p", 2, "mutants run at once")
	fs.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "each go test run's -timeout")
	fs.StringVar(&cfg.catalog, "catalog", ".", "the package of TestCatalog")
	fs.BoolVar(&cfg.race, "race", true, "build with the race detector")
	only := fs.String("run", "", "only the mutants whose `variant: description` matches this regexp")
	dry := fs.Bool("n", false, "print each mutant's edits; run nothing")
	baseline := fs.Bool("baseline", true, "check the proofs on the unmutated code first")
	fs.StringVar(&cfg.prepare, "prepare", "", "a `command` that makes the test builds' overlays: run as cmd -base overlay.json dir")
	shard := fs.String("shard", "0/1", "k/m runs the mutants of every m-th variant, from the k-th, so that m jobs share a run")
	var o outputs
	fs.StringVar(&o.record, "record", "", "write each mutant's result to this `file` as a JSON line, for -merge")
	mergeMode := fs.Bool("merge", false, "read the records files given as arguments (-record's, one per shard) and print the run's results and total")
	fs.StringVar(&o.junit, "junit-out", "", "write the mutants as the testsuite mutate of this JUnit `file`, beside the suites it holds")
	fs.StringVar(&o.markdown, "markdown", "", "also append the total to this `file` as Markdown (in GitHub Actions: $GITHUB_STEP_SUMMARY)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *mergeMode {
		return merge(fs.Args(), o, out)
	}
	k, of, err := parseShard(*shard)
	if fs.NArg() == 0 || cfg.parallel < 1 || cfg.timeout <= 0 || err != nil {
		fmt.Fprintln(out, "usage: mutate [-p n] [-timeout d] [-run re] [-n] [-baseline=false] [-catalog dir] [-race=false] [-shard k/m] [-record file] pkgdir...")
		fmt.Fprintln(out, "       mutate -merge [-junit-out file] [-markdown file] records...")
		return 2
	}
	sel, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(out, "mutate: -run:", err)
		return 2
	}
	var ms []mutant
	var errs []error
	for _, dir := range fs.Args() {
		list, err := loadList(dir)
		errs = append(errs, err)
		ms = append(ms, list...)
	}
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(out, "mutate: the mutation lists are wrong:")
		fmt.Fprintln(out, err)
		return 2
	}
	ms = slices.DeleteFunc(ms, func(m mutant) bool { return !sel.MatchString(m.String()) })
	if len(ms) == 0 {
		fmt.Fprintf(out, "mutate: no mutant matches -run %q\n", *only)
		return 2
	}
	shardRec := shardRun{Selection: strings.Join(append([]string{"-run " + *only}, fs.Args()...), " "), Shard: *shard}
	ms, at := shardOf(ms, k, of)
	if len(ms) == 0 {
		fmt.Fprintf(out, "mutate: no mutant in shard %s\n", *shard)
		return o.recordShard(out, shardRec, nil, nil)
	}
	if *dry {
		for _, m := range ms {
			printEdits(out, m)
		}
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	var broken map[string][]string
	if *baseline {
		vs := variantsOf(ms)
		fmt.Fprintf(out, "mutate: baseline: the proofs of %d variant(s), unmutated\n", len(vs))
		broken = checkBaseline(ctx, ms, cfg)
		for _, v := range vs {
			for _, p := range broken[v.Variant] {
				fmt.Fprintf(out, "  %s: %s\n", v.Variant, p)
			}
		}
		if len(broken) > 0 {
			fmt.Fprintf(out, "mutate: %d variant(s) fail unmutated (make test-race shows why): their mutants are not judged\n", len(broken))
		}
	}
	fmt.Fprintf(out, "mutate: %d mutant(s), %d at a time\n", len(ms), cfg.parallel)
	results := runAll(ctx, ms, cfg, broken, func(r result) { fmt.Fprintln(out, r) })
	shardRec.Mutants, shardRec.Took = len(ms), time.Since(start)
	return max(o.finish(out, results, shardRec.Mutants, shardRec.Took), o.recordShard(out, shardRec, results, at))
}

// recordShard writes results, of the mutants at places at of those
// selected, to o.record, if set.
func (o outputs) recordShard(out io.Writer, run shardRun, results []result, at []int) int {
	if o.record == "" {
		return 0
	}
	if err := writeRecords(o.record, run, results, at); err != nil {
		fmt.Fprintln(out, "mutate -record:", err)
		return 2
	}
	return 0
}

// printEdits shows m's edits as a diff of the lines they change.
func printEdits(out io.Writer, m mutant) {
	path := filepath.Join(m.Pkg, m.File)
	src, err := os.ReadFile(path)
	var at []int
	if err == nil {
		_, at, err = apply(path, src, m)
	}
	fmt.Fprintf(out, "%s  (%s)\n", m, m.Pos)
	if err != nil {
		fmt.Fprintf(out, "  error: %v\n", err)
		return
	}
	for i, e := range m.Edits {
		fmt.Fprintf(out, "  %s:%d %s\n", filepath.ToSlash(path), at[i], m.Decl)
		fmt.Fprintf(out, "    - %s\n    + %s\n", e.Old, e.New)
	}
}

// A result is one mutant's fate.
type result struct {
	m       mutant
	verdict string // killed, SURVIVED or ERROR
	detail  string // the killer, the tests that passed, or the error
	took    time.Duration
}

const (
	killed   = "killed"
	survived = "SURVIVED"
	failed   = "ERROR"
)

func (r result) String() string {
	d := r.detail
	if r.verdict != failed {
		d = clip(d, 160)
	}
	return fmt.Sprintf("%-8s %5.1fs  %s  [%s]", r.verdict, r.took.Seconds(), r.m, d)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}

// runAll runs the mutants, cfg.parallel at a time, and reports each
// result, in list order, as soon as it and those before it are done.
func runAll(ctx context.Context, ms []mutant, cfg config, broken map[string][]string, report func(result)) []result {
	done := make([]chan result, len(ms))
	for i := range done {
		done[i] = make(chan result, 1)
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range ms {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range cfg.parallel {
		go func() {
			for i := range next {
				if p := broken[ms[i].Variant]; len(p) > 0 {
					done[i] <- result{m: ms[i], verdict: failed, detail: "not judged: the proofs fail unmutated: " + p[0]}
					continue
				}
				done[i] <- runMutant(ctx, ms[i], cfg)
			}
		}()
	}
	var results []result
	for i := range ms {
		select {
		case r := <-done[i]:
			report(r)
			results = append(results, r)
		case <-ctx.Done():
			return results
		}
	}
	return results
}

// runMutant applies m in an overlay and runs its variant's proofs on it.
func runMutant(ctx context.Context, m mutant, cfg config) (res result) {
	start := time.Now()
	res = result{m: m, verdict: failed}
	defer func() { res.took = time.Since(start) }()
	overlay, cleanup, err := writeOverlay(m)
	if err != nil {
		res.detail = err.Error()
		return res
	}
	defer cleanup()
	bs, err := builds(ctx, cfg, overlay, filepath.Dir(overlay))
	if err != nil {
		res.detail = err.Error()
		return res
	}
	var passed []string
	for _, b := range bs {
		if done := runMutantIn(ctx, m, cfg, b, overlay, &res, &passed); done {
			return res
		}
	}
	res.verdict, res.detail = survived, "passed: "+strings.Join(passed, ", ")
	return res
}

// runMutantIn runs m's proofs in build b, and reports whether that
// settled m's fate (killed, or an error) in res. overlay is the
// mutant's own, whose file names a compiler's complaint.
func runMutantIn(ctx context.Context, m mutant, cfg config, b build, overlay string, res *result, passed *[]string) bool {
	in := ""
	if b.name != "" {
		in = " in the " + b.name
	}
	for _, step := range proofSteps(m, cfg) {
		r := step.run(ctx, cfg, b)
		switch {
		case r.err != nil:
			res.detail = r.err.Error()
		case r.build != "" && step.builds(ctx, cfg, b):
			res.detail = fmt.Sprintf("%s: does not compile%s: %s", m.Pos, in, buildError(r.build, overlay, m))
		case r.build != "":
			res.detail = fmt.Sprintf("the tree does not build%s, mutant or not: %s", in, buildError(r.build, overlay, m))
		case r.killed():
			res.verdict, res.detail = killed, r.killer()
			if in != "" {
				res.detail = strings.TrimPrefix(in, " ") + ": " + res.detail
			}
		case len(r.ran) == 0:
			res.detail = fmt.Sprintf("%s: go test -run %q %s ran no test%s", m.Pos, step.pattern, step.pkg, in)
		default:
			*passed = append(*passed, topLevel(r.ran, step.catalog)...)
			continue
		}
		return true
	}
	return false
}

// topLevel returns the top-level tests of ran, or, for the catalog, its rows.
func topLevel(ran []string, catalog bool) []string {
	var out []string
	for _, t := range ran {
		if strings.Contains(t, "/") == catalog {
			out = append(out, t)
		}
	}
	return out
}

// buildError is the compiler's complaint about a mutant, with the overlay
// file's path replaced by the real one.
func buildError(out, overlay string, m mutant) string {
	out = strings.ReplaceAll(out, filepath.Join(filepath.Dir(overlay), filepath.Base(m.File)), filepath.Join(m.Pkg, m.File))
	var lines []string
	for l := range strings.Lines(out) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if len(lines) > 3 {
		lines = append(lines[:3], fmt.Sprintf("and %d more", len(lines)-3))
	}
	return strings.Join(lines, "; ")
}

// writeOverlay writes m's mutated file and the overlay that puts it in
// place of the real one, in a new temporary directory.
func writeOverlay(m mutant) (overlay string, cleanup func(), err error) {
	path, err := filepath.Abs(filepath.Join(m.Pkg, m.File))
	if err != nil {
		return "", nil, err
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	mutated, _, err := apply(path, src, m)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %v", m.Pos, err)
	}
	dir, err := os.MkdirTemp("", "mutate-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	file, overlay := filepath.Join(dir, filepath.Base(path)), filepath.Join(dir, "overlay.json")
	js, _ := json.Marshal(map[string]map[string]string{"Replace": {path: file}})
	if err = os.WriteFile(file, mutated, 0o644); err == nil {
		err = os.WriteFile(overlay, js, 0o644)
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return overlay, cleanup, nil
}

// A step is one go test run of a mutant: the package's proving tests, or
// the variant's catalog row.
type step struct {
	pkg, pattern string
	catalog      bool
	proofs       int // how many variants' proofs it runs, for its timeout; 0 is 1
}

func proofSteps(m mutant, cfg config) []step {
	return []step{
		{pkg: m.Pkg, pattern: runPattern(m)},
		{pkg: cfg.catalog, pattern: catalogPattern(m.Variant), catalog: true},
	}
}

// run runs s in build b.
func (s step) run(ctx context.Context, cfg config, b build) testRun {
	timeout := cfg.timeout * time.Duration(max(1, s.proofs))
	ctx, cancel := context.WithTimeout(ctx, timeout+30*time.Second)
	defer cancel()
	args := []string{"-count=1", "-vet=off", "-timeout=" + timeout.String(), "-run=" + s.pattern}
	return goTest(ctx, append(append(args, b.args()...), s.pkg))
}

// builds reports whether s's package and its tests build unmutated, so
// that a mutant that does not build is told from a tree that does not.
func (s step) builds(ctx context.Context, cfg config, b build) bool {
	s.pattern = "^$"
	dir, err := os.MkdirTemp("", "mutate-base-")
	if err != nil {
		return false
	}
	defer os.RemoveAll(dir)
	bs, err := builds(ctx, cfg, "", dir) // of the source as it is
	if err != nil {
		return false
	}
	for _, x := range bs {
		if x.name == b.name {
			return s.run(ctx, cfg, x).build == ""
		}
	}
	return false
}

// runPattern is the -run pattern of m's package proofs.
func runPattern(m mutant) string {
	if m.Run != "" {
		return m.Run
	}
	// The verdicts a proof's name can state.
	vs := []string{"Race", "Leak", "LockOrder", "Recursive", "LockTimeout", "Blocked", "Panic", "Hang", "Lost", "Vet"}
	return "^TestNo(" + strings.Join(vs, "|") + ")" + regexp.QuoteMeta(m.testName()) + "$"
}

func catalogPattern(variant string) string {
	return "^TestCatalog$/^" + regexp.QuoteMeta(variant) + "$"
}

// variantsOf returns the variants of ms, in order, each once, with the
// first mutant of each.
func variantsOf(ms []mutant) []mutant {
	var out []mutant
	for _, m := range ms {
		if !slices.ContainsFunc(out, func(o mutant) bool { return o.Variant == m.Variant }) {
			out = append(out, m)
		}
	}
	return out
}

// checkBaseline runs the proofs of every variant of ms on the unmutated
// code, one go test per package and one for the catalog, and returns
// what is wrong with each variant that has a problem: a proof that fails,
// a pattern that selects no test, no catalog row, a package that does not
// build.
func checkBaseline(ctx context.Context, ms []mutant, cfg config) map[string][]string {
	vs := variantsOf(ms)
	var pkgs []string
	pats := map[string][]string{}
	for _, m := range vs {
		if !slices.Contains(pkgs, m.Pkg) {
			pkgs = append(pkgs, m.Pkg)
		}
		if p := "(?:" + runPattern(m) + ")"; !slices.Contains(pats[m.Pkg], p) {
			pats[m.Pkg] = append(pats[m.Pkg], p)
		}
	}
	var steps []step
	for _, pkg := range pkgs {
		steps = append(steps, step{pkg: pkg, pattern: strings.Join(pats[pkg], "|"), proofs: len(pats[pkg])})
	}
	var rows []string
	for _, m := range vs {
		rows = append(rows, regexp.QuoteMeta(m.Variant))
	}
	steps = append(steps, step{pkg: cfg.catalog, pattern: "^TestCatalog$/^(?:" + strings.Join(rows, "|") + ")$", catalog: true, proofs: len(rows)})

	problems := map[string][]string{}
	dir, err := os.MkdirTemp("", "mutate-baseline-")
	if err == nil {
		defer os.RemoveAll(dir)
	}
	bs, err := builds(ctx, cfg, "", dir)
	if err != nil {
		for _, m := range vs {
			problems[m.Variant] = append(problems[m.Variant], err.Error())
		}
		return problems
	}
	for _, b := range bs {
		baselineIn(ctx, vs, pkgs, steps, cfg, b, problems)
	}
	return problems
}

// baselineIn runs the baseline's steps in build b, and adds to problems.
func baselineIn(ctx context.Context, vs []mutant, pkgs []string, steps []step, cfg config, b build, problems map[string][]string) {
	runs := make([]testRun, len(steps))
	sem := make(chan struct{}, cfg.parallel)
	var wg sync.WaitGroup
	for i, s := range steps {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			runs[i] = s.run(ctx, cfg, b)
		})
	}
	wg.Wait()

	for _, m := range vs {
		add := func(format string, args ...any) {
			problems[m.Variant] = append(problems[m.Variant], fmt.Sprintf(format, args...))
		}
		pkg, cat := runs[slices.Index(pkgs, m.Pkg)], runs[len(runs)-1]
		if runProblem(pkg, m.Pkg, add) || runProblem(cat, cfg.catalog, add) {
			continue
		}
		tests := pkg.selected(runPattern(m))
		if len(tests) == 0 {
			add("%s: go test -run %q %s selects no test", m.Pos, runPattern(m), m.Pkg)
		}
		for _, t := range tests {
			for _, f := range pkg.failedUnder(t) {
				add("%s fails unmutated: %s", f, pkg.why[f])
			}
		}
		row := "TestCatalog/" + m.Variant
		if !cat.hasRun(row) {
			add("%s: no catalog row %s in %s", m.Pos, row, cfg.catalog)
		}
		for _, f := range cat.failedUnder(row) {
			add("%s fails unmutated: %s", f, cat.why[f])
		}
	}
}

// runProblem adds what kept r from running its tests, if anything, and
// reports whether there was something.
func runProblem(r testRun, pkg string, add func(string, ...any)) bool {
	switch {
	case r.err != nil:
		add("%v", r.err)
	case r.build != "":
		add("%s does not build: %s", pkg, strings.TrimSpace(r.build))
	case r.crash != "":
		add("%s failed outside any test: %s", pkg, r.crash)
	case r.timedOut != "":
		add("%s: %s", pkg, r.timedOut)
	default:
		return false
	}
	return true
}

// summarize prints the total and the survivors, and returns the exit
// status: 0 only if every mutant was killed.
func summarize(out io.Writer, results []result, n int, took time.Duration) int {
	var k int
	var bad []result
	for _, r := range results {
		if r.verdict == killed {
			k++
		} else {
			bad = append(bad, r)
		}
	}
	fmt.Fprintf(out, "killed %d/%d (%d%%) in %v\n", k, n, k*100/n, took.Round(time.Second))
	if len(results) < n {
		fmt.Fprintf(out, "  interrupted: %d of %d mutants not run\n", n-len(results), n)
	}
	for _, r := range bad {
		fmt.Fprintf(out, "  %-8s %s  (%s: in %s %s)\n", r.verdict, r.m, r.m.Pos, filepath.ToSlash(filepath.Join(r.m.Pkg, r.m.File)), r.m.Decl)
	}
	if k < n {
		return 1
	}
	return 0
}
