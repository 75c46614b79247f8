// The catalog: every variant of every lesson, with what each detector must
// say about it. TestCatalog runs every row under every detector at once
// and checks each declared cell; TestCatalogMatchesSource checks that the
// rows, the Broken:/Fixed: doc paragraphs and the proving tests agree.
package racelab

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/counter"
)

func TestMain(m *testing.M) { conctest.Main(m) }

// A row declares one variant's verdicts.
type row struct {
	variant string       // "package.Name", as in its doc comment
	blame   string       // what a broken variant's evidence must name
	run     func() error // the workload, on a fresh instance of the variant
	bubble  bool         // the variant also runs in a synctest bubble
	want    cells
	vet     string // a vet-only variant: its package under testdata, run nil
}

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

var counterRows = []row{
	{variant: "counter.Unsync", blame: "counter.(*Unsync).Inc",
		run:  func() error { return counter.Hammer(new(counter.Unsync), 2, 10) },
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean|Lost", watchdog: "Clean"}},
	{variant: "counter.Mutex", run: func() error { return counter.Hammer(new(counter.Mutex), 4, 2000) }, want: clean},
	{variant: "counter.Atomic", run: func() error { return counter.Hammer(new(counter.Atomic), 4, 2000) }, want: clean},
	{variant: "counter.HalfLocked", blame: "counter.(*HalfLocked).Value",
		run:  func() error { return counter.Hammer(new(counter.HalfLocked), 2, 10) },
		want: cells{race: "Race", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Clean", watchdog: "Clean"}},
	// The race detector's blind spot: every access is atomic, yet the
	// forced interleaving loses an update on every run.
	{variant: "counter.LoadStore", blame: "counter.LoadStore",
		run:  func() error { return counter.Interleave(new(counter.LoadStore)) },
		want: cells{race: "Clean", goleak: "Clean", deadlock: "Clean", synctest: "n/a", runtime: "Clean", invariant: "Lost", watchdog: "Clean"}},
	{variant: "counter.CAS", run: func() error { return counter.Interleave(new(counter.CAS)) }, want: clean},
	{variant: "counter.Sharded", run: func() error { return counter.Hammer(new(counter.Sharded), 4, 2000) }, want: clean},
}

// catalog is every row, in reading order.
var catalog = slices.Concat(counterRows, locksRows, signalRows, prodconsRows, sharedmemRows)

func TestCatalog(t *testing.T) {
	if matrixWanted() && os.Getenv("CONCTEST_CASE") == "" {
		t.Cleanup(func() { finishMatrix(t) }) // after every row has run
	}
	for _, r := range catalog {
		t.Run(r.variant, func(t *testing.T) {
			t.Parallel()
			if r.vet != "" {
				rep := checkVet(t, r)
				if matrixWanted() {
					observe(r, rep)
				}
				return
			}
			var opts []conctest.Option
			if r.bubble {
				opts = append(opts, conctest.Bubble())
			}
			for range matrixRuns() {
				rep := conctest.Diagnose(t, r.run, opts...)
				if rep == nil {
					continue // the child process
				}
				checkCells(t, r, rep)
				if matrixWanted() {
					observe(r, rep)
				}
			}
		})
	}
}

// checkCells compares every declared cell with what its detector said.
func checkCells(t *testing.T, r row, rep *conctest.Report) {
	t.Helper()
	if rep.Incomplete != "" {
		t.Fatalf("%s: incomplete run: %s\n%s", r.variant, rep.Incomplete, rep.Excerpt())
	}
	var said []string
	raceUnchecked := false
	for _, d := range declared {
		want, got := r.want.of(d), join(rep.Said(d))
		if want == "n/a" {
			got = "n/a"
		}
		said = append(said, string(d)+"="+got)
		switch {
		case want == "n/a":
			if d == conctest.Synctest && r.bubble {
				t.Errorf("%s: synctest declared n/a but the row runs in a bubble", r.variant)
			}
		case d == conctest.RaceDetector && rep.RaceOff:
			raceUnchecked = want != "Clean"
		case !slices.Contains(strings.Split(want, "|"), got):
			t.Errorf("%s: %s said %s, the catalog declares %s\n%s", r.variant, d, got, want, rep.Excerpt())
		}
	}
	t.Logf("cells: %s", strings.Join(said, " "))
	if raceUnchecked {
		t.Skipf("%s: race cell %s not checked: this binary was built without -race; run make test-race", r.variant, r.want.race)
	}
	if r.blame != "" && !blames(rep, r.blame) {
		t.Errorf("%s: no report names %s\n%s", r.variant, r.blame, rep.Excerpt())
	}
}

// checkVet runs go vet and staticcheck on a vet-only variant's package.
// The code never runs, so every other cell must be n/a.
func checkVet(t *testing.T, r row) *conctest.Report {
	for _, d := range declared {
		if c := r.want.of(d); c != "n/a" {
			t.Errorf("%s: vet-only row declares %s=%s, want n/a", r.variant, d, c)
		}
	}
	rep := conctest.Analyze(t, r.vet)
	if got := join(rep.Verdicts()); got != r.want.static {
		t.Errorf("%s: static analysis said %s, the catalog declares %s\n%s", r.variant, got, r.want.static, rep.Excerpt())
	}
	if r.blame != "" && !blames(rep, r.blame) {
		t.Errorf("%s: no analyzer message names %q\n%s", r.variant, r.blame, rep.Excerpt())
	}
	t.Logf("cells: static=%s", join(rep.Verdicts()))
	return rep
}

func blames(rep *conctest.Report, fn string) bool {
	return slices.ContainsFunc(rep.Findings, func(f conctest.Finding) bool { return strings.Contains(f.Evidence, fn) })
}

func join(vs []conctest.Verdict) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, "+")
}
