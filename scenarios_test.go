// The catalog: every variant of every lesson, with what each detector must
// say about it. TestCatalog runs every row under every detector at once
// and checks each declared cell, and shows every fix able to fail: its
// workload, run on its twin (the broken variant it fixes, or a declared
// mutation of it), gives the twin's finding. TestCatalogMatchesSource
// checks that the rows, the Broken:/Fixed: doc paragraphs and the
// proving tests agree. In make test-race, the rows whose package proofs
// make the very same runs are checked on those runs instead, by
// TestCatalogOnProofs (catalog_proofs_test.go).
package racelab

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/racelab/racelab/counter"
	"github.com/racelab/racelab/internal/countertest"
	"github.com/racelab/racelab/internal/window"
)

func TestMain(m *testing.M) {
	window.Required()
	conctest.Main(m)
}

// A row declares one variant: what each detector must say when the
// lesson's workload runs on it and, for a broken variant, the finding
// that proves it; for a fix, its twin.
type row struct {
	variant  string           // "package.Name", as in its doc comment
	make     func() any       // a fresh instance of the variant, made inside each run
	work     workload         // the lesson's workload, run on that instance
	bubble   bool             // the variant also runs in a synctest bubble...
	noBubble string           // ...or not (its synctest cell is n/a), and why: what the variant does
	want     cells            // what each detector must say
	verdict  conctest.Verdict // broken: the finding that proves it...
	blame    string           // ...and what its own evidence must name
	twin     string           // fixed: the broken row, or a mutation, its workload must catch
	// proof is its package's test whose run make test-race checks the row
	// on (see catalog_proofs_test.go): a fix's ProveClean of the same
	// workload and twin, or a broken variant's Prove of the same workload
	// in a plain run; bubbleProof, a broken row's Prove of it in a bubble.
	proof, bubbleProof string
	vet                string // a vet-only variant: its package under testdata; no make or work
}

// A workload is a lesson's scenario, written once for every variant of
// the lesson, so that a fix and its twin run exactly the same code: the
// catalog hands the workload of a fix the instance its twin makes.
type workload struct {
	run   func(variant any) error
	fits  func(variant any) bool
	takes reflect.Type // V: what a variant of the lesson is
}

// on is the workload f, for variants of type V (a lesson's interface, or
// its func type).
func on[V any](f func(V) error) workload {
	return workload{
		run:   func(v any) error { return f(v.(V)) },
		fits:  func(v any) bool { _, ok := v.(V); return ok },
		takes: reflect.TypeFor[V](),
	}
}

// Instances: fresh[T] is a new(T) for every run; value(v) is v itself, a
// variant with no state (an empty struct, or a func given as the type its
// workload takes: value[prodconstest.Pipeline](prodcons.OneSentinel));
// made(f) is what a constructor returns.
func fresh[T any]() any                 { return new(T) }
func value[V any](v V) func() any       { return func() any { return v } }
func made[V any](f func() V) func() any { return func() any { return f() } }

// run is the row's workload on a fresh instance of its own variant.
func (r row) run() error { return r.work.run(r.make()) }

// runOn is the row's workload on a fresh instance of twin's variant.
func (r row) runOn(twin row) func() error { return func() error { return r.work.run(twin.make()) } }

// cells holds what each detector must say: a verdict, "A+B" when the
// detector gives both, "A|B" when either is right (an invariant that a
// lucky schedule may keep), or "n/a" where the detector cannot apply.
type cells struct {
	race, goleak, deadlock, synctest, runtime, invariant, watchdog string
	static                                                         string // vet-only rows
}

// declared are the detectors every row declares a cell for; static is
// declared by vet-only rows.
var declared = []conctest.Detector{conctest.RaceDetector, conctest.Goleak, conctest.GoDeadlock,
	conctest.Synctest, conctest.Runtime, conctest.Invariant, conctest.Watchdog}

func (c cells) of(d conctest.Detector) string {
	return map[conctest.Detector]string{
		conctest.RaceDetector: c.race, conctest.Goleak: c.goleak, conctest.GoDeadlock: c.deadlock,
		conctest.Synctest: c.synctest, conctest.Runtime: c.runtime, conctest.Invariant: c.invariant,
		conctest.Watchdog: c.watchdog, conctest.Static: c.static,
	}[d]
}

// clean and cleanInBubble are the cells of a fixed variant.
var (
	clean         = cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}
	cleanInBubble = cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "Clean", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}
)

// hammer is countertest.Hammer with workers goroutines and n Incs each.
func hammer(workers, n int) workload {
	return on(func(c countertest.Counter) error { return countertest.Hammer(c, workers, n) })
}

// report is countertest.Report with workers goroutines of n Hits each,
// and n Flushes.
func report(workers, n int) workload {
	return on(func(s countertest.Stats) error { return countertest.Report(s, workers, n, n) })
}

// flip is countertest.Flip with n Sets and n Gets.
func flip(n int) workload {
	return on(func(st countertest.Status) error { return countertest.Flip(st, n) })
}

// The atomic fixes have no window between a read and a write, so only
// the forced interleaving can show one going wrong: Interleave, whose
// twin is LoadStore. (A fix mutated to load and store, as LoadStore does,
// is caught by the same workload: counter's own tests prove that.)
var counterRows = []row{
	{variant: "counter.Unsync", make: fresh[counter.Unsync], work: hammer(2, 10),
		verdict: conctest.Race, blame: "counter.(*Unsync).Inc",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean|Lost", watchdog: "Clean"},
		noBubble: "Inc and Value never block, so a bubble, which finds only goroutines durably blocked, has nothing to find; the bug is a data race, which the race detector reports"},
	{variant: "counter.Mutex", make: fresh[counter.Mutex], work: hammer(4, 2000), twin: "counter.Unsync", proof: "TestNoRaceMutex", want: clean,
		noBubble: "Inc and Value wait only to lock a sync.Mutex, and a goroutine waiting in Lock is not durably blocked (go doc testing/synctest): a bubble does not see that wait; its twin's bug is a data race, which the race detector reports"},
	{variant: "counter.Atomic", make: fresh[counter.Atomic], work: on(countertest.Interleave), twin: "counter.LoadStore", want: clean,
		noBubble: "atomic operations only: nothing in it ever blocks, so a bubble has nothing to find; its twin's bug is a lost update, a wrong total that the invariant counts"},
	{variant: "counter.HalfLocked", make: fresh[counter.HalfLocked], work: hammer(2, 10),
		verdict: conctest.Race, blame: "counter.(*HalfLocked).Value",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "Value reads without the lock, a data race the race detector reports; Inc waits only to lock a sync.Mutex, which is not durably blocking (go doc testing/synctest), and nothing is left blocked: a bubble adds nothing"},
	// Atomic adds, a plain read and reset: a race for all the atomics.
	// A Hit between the read and the reset is lost only under load.
	{variant: "counter.PlainFlush", make: fresh[counter.PlainFlush], work: report(2, 10),
		verdict: conctest.Race, blame: "counter.(*PlainFlush).Flush",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean|Lost", watchdog: "Clean"},
		noBubble: "Hit and Flush never block, so a bubble, which finds only goroutines durably blocked, has nothing to find; the bug is a data race, which the race detector reports"},
	{variant: "counter.SwapFlush", make: fresh[counter.SwapFlush], work: report(4, 2000), twin: "counter.PlainFlush", proof: "TestNoRaceSwapFlush", want: clean,
		noBubble: "atomic adds and swaps only: nothing in it ever blocks, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},
	// A string set and read with plain stores and loads: the race
	// detector reports it on every run; the torn string itself is too
	// rare in this run for the invariant to see (counter/torn.go's doc
	// gives the counts).
	{variant: "counter.PlainStatus", make: fresh[counter.PlainStatus], work: flip(10),
		verdict: conctest.Race, blame: "counter.(*PlainStatus).Get",
		want:     cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"},
		noBubble: "Set and Get never block, so a bubble has nothing to find; the bug is a data race on a two-word value, which the race detector reports"},
	{variant: "counter.AtomicStatus", make: fresh[counter.AtomicStatus], work: flip(2000), twin: "counter.PlainStatus", proof: "TestNoRaceAtomicStatus", want: clean,
		noBubble: "atomic.Value loads and stores only: nothing in it ever blocks, so a bubble has nothing to find; its twin's bug is a data race, which the race detector reports"},
	// The race detector's blind spot: every access is atomic, yet the
	// forced interleaving loses an update on every run.
	{variant: "counter.LoadStore", make: fresh[counter.LoadStore], work: on(countertest.Interleave),
		verdict: conctest.Lost, blame: "counter.LoadStore", proof: "TestLostLoadStore",
		want:     cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"},
		noBubble: "atomic loads and stores only: nothing ever blocks, and the lost update is a wrong total, which only the invariant counts"},
	{variant: "counter.CAS", make: fresh[counter.CAS], work: on(countertest.Interleave), twin: "counter.LoadStore", proof: "TestNoLostCAS", want: clean,
		noBubble: "atomic operations in a loop that retries instead of waiting: nothing ever blocks, so a bubble has nothing to find"},
	{variant: "counter.Sharded", make: fresh[counter.Sharded], work: on(countertest.Interleave), twin: "counter.LoadStore", want: clean,
		noBubble: "atomic adds and loads only: nothing in it ever blocks, so a bubble has nothing to find"},
}

// catalog is every row, in reading order.
var catalog = slices.Concat(counterRows, locksRows, signalRows, prodconsRows, sharedmemRows, captureRows)

// fixWatchdog is ProveClean's watchdog (conctest's doc gives it), which a
// fixed row's Diagnose and its twin take too.
const fixWatchdog = 5 * time.Second

func TestCatalog(t *testing.T) {
	t.Parallel() // beside the package's other slow tests, not after them
	if recording() {
		t.Cleanup(func() { finishRecords(t) }) // after every row has run
	}
	var vetted []string // analyzed together, by the first vet row to run
	for _, r := range catalog {
		if r.vet != "" {
			vetted = append(vetted, r.vet)
		}
	}
	static.Batch(vetted...)
	for _, r := range catalog {
		if _, ok := provenBeside(r); ok {
			continue // TestCatalogOnProofs checks it
		}
		conctest.Run(t, r.variant, func(t *testing.T) { // a child starts only its own row
			t.Parallel()
			runRow(t, r)
		})
	}
}

// runRow runs the row r under every detector and checks its cells, and a
// fixed row's twin.
func runRow(t *testing.T, r row) {
	if r.vet != "" {
		if swapBuild() {
			t.Skip("vet and staticcheck read the source as written, in the plain build")
		}
		rep := checkVet(t, r)
		if recording() {
			observe(r, rep)
		}
		return
	}
	var opts []conctest.Option
	if r.bubble {
		opts = append(opts, conctest.Bubble())
	}
	var shared *row // the twin the row's Diagnose runs, in its child
	if !isBroken(r) {
		if tw, ok := sharedTwin(r); ok {
			shared = &tw
			opts = append(opts, conctest.Twin(tw.verdict, tw.blame, r.runOn(tw)))
		} else {
			proveTwin(t, r)
		}
		// ProveClean's watchdog: a fix that passes never waits for
		// it, and a slow run on a loaded machine is no Hang.
		opts = append(opts, conctest.Timeout(fixWatchdog))
	}
	diagnose := func(t *testing.T) {
		rep := conctest.Diagnose(t, r.run, opts...)
		checkCells(t, r, rep)
		if recording() {
			observe(r, rep)
		}
		if shared != nil {
			twinSaid(t, r, *shared, rep.Twin)
		}
	}
	// Each run of a recording is a call of its own, in a subtest of its
	// own: one function called twice from one place is refused, as a
	// child could not tell the calls apart.
	if runs := matrixRuns(); runs > 1 {
		for i := range runs {
			t.Run(fmt.Sprintf("run%d", i+1), diagnose)
		}
	} else {
		diagnose(t)
	}
}

// proveTwin shows that the fixed row r's proof can fail: a subtest,
// parallel to every row, proves that r's workload on r's twin gives the
// twin's finding, as conctest.Prove proves a broken variant (stopping at
// the first report of it). It runs the twin in a synctest bubble where
// both rows run in one (there the schedule is exact) and the verdict is
// not goleak's (goleak does not look in a bubble); else in the plain run,
// which r's proof makes too. Like a ProveClean's twin, it gets up to
// three tries of the workload: a detector may miss one run.
func proveTwin(t *testing.T, r row) {
	tw, err := twinOf(r)
	if err != nil {
		t.Error(err)
		return
	}
	if !judges(tw.verdict.Detector()) {
		return // the other build's run proves it
	}
	opts := []conctest.Option{conctest.Repeat(3, fixWatchdog)}
	if r.bubble && tw.bubble && tw.verdict != conctest.Leak {
		opts = append(opts, conctest.Bubble())
	}
	twinTest(t, r, tw, true, func(t *testing.T) { conctest.Prove(t, tw.verdict, tw.blame, r.runOn(tw), opts...) })
}

// twinTest is the subtest "twin" of the fixed row r, parallel to every
// row or not, in which prove must show tw's finding.
func twinTest(t *testing.T, r, tw row, parallel bool, prove func(t *testing.T)) {
	t.Run("twin", func(t *testing.T) {
		if parallel {
			t.Parallel()
		}
		t.Logf("%s's workload on its twin %s must give %s naming %s", r.variant, tw.variant, tw.verdict, tw.blame)
		t.Cleanup(func() {
			if t.Failed() {
				t.Errorf("%s: its proof is not shown able to fail: its workload on its twin %s gave no %s naming %s",
					r.variant, tw.variant, tw.verdict, tw.blame)
			}
		})
		prove(t)
	})
}

// sharedTwin returns the twin of the fixed row r if r's Diagnose can run
// it, after r's own runs in the same child: as proveTwin would run it
// (conctest runs a twin in a bubble where the call runs in one, and a
// Leak twin never), in this build, and once per row. Else proveTwin runs
// it, in a child of its own.
func sharedTwin(r row) (row, bool) {
	tw, err := twinOf(r)
	switch {
	case err != nil, !judges(tw.verdict.Detector()), matrixRuns() > 1:
		return row{}, false
	case r.bubble && !tw.bubble && tw.verdict != conctest.Leak:
		return row{}, false // conctest would run it in r's bubble
	}
	return tw, true
}

// twinSaid is the twin subtest of a twin that r's Diagnose ran: it
// proves tw's finding from that run's report (skipping, as
// conctest.Prove does, where this binary could not judge it).
func twinSaid(t *testing.T, r, tw row, rep *conctest.Report) {
	twinTest(t, r, tw, false, func(t *testing.T) { rep.Prove(t, tw.verdict, tw.blame) })
}

// twinOf returns the twin the fixed row r declares: a broken row that
// runs, or a mutation, whose instance r's workload takes.
func twinOf(r row) (row, error) {
	if r.twin == "" {
		return row{}, fmt.Errorf("%s: fixed, but no failing twin: nothing shows that its proof can fail; "+
			"name the broken row (or a declared mutation) whose variant its workload must catch", r.variant)
	}
	twins := slices.Concat(catalog, mutations)
	i := slices.IndexFunc(twins, func(x row) bool { return x.variant == r.twin })
	if i < 0 {
		return row{}, fmt.Errorf("%s: its twin %s is neither a row of the catalog nor a declared mutation", r.variant, r.twin)
	}
	tw := twins[i]
	switch {
	case tw.verdict == "" || tw.blame == "":
		return row{}, fmt.Errorf("%s: its twin %s declares no finding (verdict and blame): a twin must be broken", r.variant, tw.variant)
	case tw.vet != "":
		return row{}, fmt.Errorf("%s: its twin %s is vet-only and never runs; declare a mutation of the fix instead", r.variant, tw.variant)
	case tw.verdict == conctest.Blocked && !r.bubble:
		return row{}, fmt.Errorf("%s: its twin %s is proven Blocked, which only a synctest bubble shows, and the row does not run in one", r.variant, tw.variant)
	case !r.work.fits(tw.make()):
		return row{}, fmt.Errorf("%s: its workload cannot run its twin %s (a %T)", r.variant, tw.variant, tw.make())
	}
	return tw, nil
}

// checkCells compares every declared cell, and a broken row's finding,
// with what the detectors said.
func checkCells(t *testing.T, r row, rep *conctest.Report) {
	t.Helper()
	c := checkReport(r, rep)
	for _, p := range c.problems {
		t.Error(p)
	}
	if c.said != "" {
		t.Logf("cells: %s", c.said)
	}
	if c.unchecked != "" {
		t.Skip(c.unchecked)
	}
}

// A cellCheck is what checkReport found.
type cellCheck struct {
	said      string   // what each declared detector said
	problems  []string // each way the report disagrees with the row
	unchecked string   // why this build could not check part of the row, if it could not
}

// checkReport compares a report with its row. Without -race the race
// cell is left unchecked (and said so), but no other: the runtime's own
// "concurrent map writes" crash is the runtime's finding, checked in
// either build.
func checkReport(r row, rep *conctest.Report) cellCheck {
	var c cellCheck
	if rep.Incomplete != "" {
		c.problems = append(c.problems, fmt.Sprintf("%s: incomplete run: %s\n%s", r.variant, rep.Incomplete, rep.Excerpt()))
		return c
	}
	var said []string
	for _, d := range declared {
		want, got := r.want.of(d), join(rep.Said(d))
		switch {
		case !judges(d):
			got = "other build"
		case want == "n/a":
			got = "n/a"
			if d == conctest.Synctest && r.bubble {
				c.problems = append(c.problems, fmt.Sprintf("%s: synctest declared n/a but the row runs in a bubble", r.variant))
			}
		case d == conctest.RaceDetector && rep.RaceOff:
			got = "off"
			if want != "Clean" {
				c.unchecked = fmt.Sprintf("%s: race cell %s not checked: this binary was built without -race; run make test-race", r.variant, want)
			}
		case !slices.Contains(strings.Split(want, "|"), got):
			c.problems = append(c.problems, fmt.Sprintf("%s: %s said %s, the catalog declares %s\n%s", r.variant, d, got, want, rep.Excerpt()))
		}
		said = append(said, string(d)+"="+got)
	}
	c.said = strings.Join(said, " ")
	c.problems = append(c.problems, culpritsFirst(r, rep)...)
	if r.verdict == "" || !judges(r.verdict.Detector()) {
		return c
	}
	if err := rep.Check(r.verdict, r.blame); err != nil {
		if r.verdict == conctest.Race && rep.RaceOff {
			return c // unchecked, and said so above
		}
		c.problems = append(c.problems, fmt.Sprintf("%s: %s not proven: %v", r.variant, r.verdict, err))
	}
	return c
}

// culpritsFirst checks that a blocked goroutine's evidence (a Hang, a
// Blocked, a goleak Leak) names the lesson's own code, or its workload's
// (internal/<package>test, which drives the variant: a goroutine blocked
// in it waits for the variant's), in its first 15 lines, where a reader
// looks: the harness's goroutines come after, or not at all.
func culpritsFirst(r row, rep *conctest.Report) []string {
	pkg, _, _ := strings.Cut(r.variant, ".")
	var problems []string
	for _, f := range rep.Findings {
		switch {
		case f.Verdict != conctest.Hang && f.Verdict != conctest.Blocked && f.Verdict != conctest.Leak,
			f.Detector == conctest.LeakProfile:
			continue
		}
		lines := strings.SplitN(f.Excerpt(), "\n", 16)
		head := strings.Join(lines[:min(15, len(lines))], "\n")
		if !strings.Contains(head, "racelab/"+pkg+".") && !strings.Contains(head, "racelab/internal/"+pkg+"test.") {
			problems = append(problems, fmt.Sprintf("%s: the %s excerpt names no frame of package %s or of its workloads in its first 15 lines:\n%s", r.variant, f.Verdict, pkg, head))
		}
	}
	return problems
}

// checkVet runs go vet and staticcheck on a vet-only variant's package.
// The code never runs, so every other cell must be n/a.
func checkVet(t *testing.T, r row) *conctest.Report {
	for _, d := range declared {
		if c := r.want.of(d); c != "n/a" {
			t.Errorf("%s: vet-only row declares %s=%s, want n/a", r.variant, d, c)
		}
	}
	rep := static.Analyze(t, r.vet)
	if got := join(rep.Verdicts()); got != r.want.static {
		t.Errorf("%s: static analysis said %s, the catalog declares %s\n%s", r.variant, got, r.want.static, rep.Excerpt())
	}
	// An analyzer's message is a phrase, not a stack: it names no harness.
	if !slices.ContainsFunc(rep.Findings, func(f conctest.Finding) bool { return strings.Contains(f.Evidence, r.blame) }) {
		t.Errorf("%s: no analyzer message names %q\n%s", r.variant, r.blame, rep.Excerpt())
	}
	t.Logf("cells: static=%s", join(rep.Verdicts()))
	return rep
}

func join(vs []conctest.Verdict) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, "+")
}
