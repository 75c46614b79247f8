package racelab

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
)

// A fixed row whose package proves it with conctest.ProveClean on the
// same workload, with the same twin, names that test as its proof; a
// broken row whose package proves it with conctest.Prove on the same
// workload names that test, and the one that proves it in a bubble
// where the row runs in one too. In make test-race the lesson packages'
// test processes run beside the catalog's and leave a record of each
// proof (conctest's CONCTEST_RECORD); a row whose package is listed in
// proofsEnv is then checked on its proofs' runs, every cell and a fix's
// twin's finding, instead of being run a second time. Everywhere else (make test, the matrix,
// the guide, make mutate, make stress) the catalog runs every row
// itself.

// proofsEnv lists the lesson packages ("./counter ./locks") whose test
// processes run beside the catalog's in this go test, leaving records.
const proofsEnv = "RACELAB_PROOFS_OF"

// proofWait bounds the wait for a proof's record: the package's own
// tests end well before go test's 5 m timeout.
const proofWait = 3 * time.Minute

// provenBeside reports whether the row r is checked on its package
// proofs' runs, whose test process runs in the package directory it
// returns.
func provenBeside(r row) (pkgDir string, ok bool) {
	switch {
	case r.proof == "" || recording() || matrixRuns() > 1 || os.Getenv("CONCTEST_RECORD") == "":
		return "", false
	case isBroken(r) && (swapBuild() || r.bubble && r.bubbleProof == ""):
		// A broken row's proofs in the go-deadlock build stop at
		// go-deadlock's first report; a bubble row needs both runs.
		return "", false
	}
	pkg, _, _ := strings.Cut(r.variant, ".")
	listed := slices.ContainsFunc(strings.Fields(os.Getenv(proofsEnv)), func(p string) bool {
		return filepath.Clean(p) == pkg
	})
	if !listed {
		return "", false
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	return filepath.Join(wd, pkg), true
}

// TestCatalogOnProofs checks, one after another, the rows that
// TestCatalog leaves to their package proofs' runs in this go test (see
// provenBeside). It waits for each proof's record where TestCatalog's
// rows would hold their slots of -parallel: this test holds one.
func TestCatalogOnProofs(t *testing.T) {
	t.Parallel()
	checked := 0
	for _, r := range catalog {
		dir, ok := provenBeside(r)
		if !ok {
			continue
		}
		checked++
		conctest.Run(t, r.variant, func(t *testing.T) {
			if !checkOnProof(t, r, dir) {
				runRow(t, r)
			}
		})
	}
	if checked == 0 {
		t.Skipf("TestCatalog runs every row: no lesson package's proofs leave records beside it (%s, %s; make test-race sets them)", proofsEnv, "CONCTEST_RECORD")
	}
}

// checkOnProof checks the row r on its package proofs' runs (a broken
// row: see checkBrokenOnProofs); a fixed row on the run of its ProveClean,
// if that run is recorded: it waits for the record, checks that the
// proof is the row's (ProveClean, in a bubble where the row runs in one,
// with the row's twin and finding), then every cell and the twin's
// finding as on a run of the row's own. It reports false, saying why,
// where the row must run itself: the package's tests ended without the
// record.
func checkOnProof(t *testing.T, r row, pkgDir string) bool {
	t.Helper()
	if isBroken(r) {
		return checkBrokenOnProofs(t, r, pkgDir)
	}
	pkg, _, _ := strings.Cut(r.variant, ".")
	ctx, cancel := context.WithTimeout(context.Background(), proofWait)
	defer cancel()
	rec, err := conctest.AwaitRecord(ctx, pkgDir, r.proof)
	if err != nil {
		if errors.Is(err, conctest.ErrNoRecord) {
			t.Logf("%s's proof %s.%s left no record (%v): the row runs here", r.variant, pkg, r.proof, err)
			return false
		}
		t.Errorf("%s: its proof %s.%s: %v", r.variant, pkg, r.proof, err)
		return true
	}
	if err := proofFits(r, rec); err != nil {
		t.Errorf("%s: %s.%s is not its proof: %v", r.variant, pkg, r.proof, err)
		return true
	}
	t.Logf("checked on the run of %s.%s (conctest.ProveClean, the same twin and finding), not run again", pkg, r.proof)
	checkCells(t, r, rec.Report)
	if tw, ok := sharedTwin(r); ok {
		twinSaid(t, r, tw, rec.Report.Twin)
	} else {
		proveTwin(t, r) // in a mode of its own, or in the other build: as a run of its own would
	}
	return true
}

// proofFits says how rec's call differs from the fixed row r's proof, or
// nil where it is that proof.
func proofFits(r row, rec *conctest.Record) error {
	tw, err := twinOf(r)
	if err != nil {
		return err
	}
	bubble := r.bubble && !swapBuild() // synctest judges the plain build
	switch {
	case rec.Call != "ProveClean":
		return fmt.Errorf("its call is %s, not ProveClean", rec.Call)
	case rec.Bubble != bubble:
		return fmt.Errorf("it runs in a synctest bubble: %t; the row: %t", rec.Bubble, bubble)
	case rec.TwinWant != tw.verdict || rec.TwinBlame != tw.blame:
		return fmt.Errorf("its twin must give %q blaming %q; the row's twin %s, %q blaming %q",
			rec.TwinWant, rec.TwinBlame, tw.variant, tw.verdict, tw.blame)
	case rec.Watchdog != fixWatchdog:
		return fmt.Errorf("its watchdog is %v; the row's %v", rec.Watchdog, fixWatchdog)
	case rec.Report == nil:
		return errors.New("the record holds no report")
	}
	return nil
}

// brokenWatchdog is the watchdog of a broken row's own runs: Diagnose's
// default (conctest's doc).
const brokenWatchdog = 1500 * time.Millisecond

// checkBrokenOnProofs checks the broken row r on the runs of its
// package's proofs, if they are recorded: the Prove of its workload in a
// plain run and, for a row that runs in a bubble too, the Prove of it in
// a bubble, as the row's own Diagnose would make them. It reports false,
// saying why, where the row must run itself: a record is missing, or its
// run took longer than the row's watchdog would have allowed.
func checkBrokenOnProofs(t *testing.T, r row, pkgDir string) bool {
	t.Helper()
	pkg, _, _ := strings.Cut(r.variant, ".")
	ctx, cancel := context.WithTimeout(context.Background(), proofWait)
	defer cancel()
	proofs := []string{r.proof}
	if r.bubble {
		proofs = append(proofs, r.bubbleProof)
	}
	rep := &conctest.Report{}
	for i, name := range proofs {
		rec, err := conctest.AwaitRecord(ctx, pkgDir, name)
		switch {
		case errors.Is(err, conctest.ErrNoRecord):
			t.Logf("%s's proof %s.%s left no record (%v): the row runs here", r.variant, pkg, name, err)
			return false
		case err != nil:
			t.Errorf("%s: its proof %s.%s: %v", r.variant, pkg, name, err)
			return true
		}
		if err := brokenProofFits(rec, i == 1); err != nil {
			t.Errorf("%s: %s.%s is not its proof: %v", r.variant, pkg, name, err)
			return true
		}
		if rec.Watchdog != brokenWatchdog && rec.Report.Elapsed >= brokenWatchdog {
			t.Logf("%s: the run of %s.%s took %v, with a watchdog of %v: the row's own, of %v, might have fired; the row runs here",
				r.variant, pkg, name, rec.Report.Elapsed, rec.Watchdog, brokenWatchdog)
			return false
		}
		joinRun(rep, rec.Report)
	}
	t.Logf("checked on the runs of %s.%s (conctest.Prove, the same workload), not run again", pkg, strings.Join(proofs, " and "))
	checkCells(t, r, rep)
	return true
}

// brokenProofFits says how rec's call differs from the Prove of a broken
// row's run, in a bubble or not, or nil where it is that Prove: one try,
// and a run that went on after its finding (a Prove of a race halts at
// it, and the go-deadlock build's at go-deadlock's first report).
func brokenProofFits(rec *conctest.Record, bubble bool) error {
	switch {
	case rec.Call != "Prove":
		return fmt.Errorf("its call is %s, not Prove", rec.Call)
	case rec.Bubble != bubble:
		return fmt.Errorf("it runs in a synctest bubble: %t; the row's run: %t", rec.Bubble, bubble)
	case rec.Want == conctest.Race || rec.Want.Detector() == conctest.GoDeadlock:
		return fmt.Errorf("a Prove of %s stops at its first report, before the other detectors have had their say", rec.Want)
	case rec.Watchdog < brokenWatchdog:
		return fmt.Errorf("its watchdog is %v; the row's %v", rec.Watchdog, brokenWatchdog)
	case rec.Report == nil:
		return errors.New("the record holds no report")
	case rec.Report.MaxTries != 1:
		return fmt.Errorf("it makes up to %d tries; the row, one", rec.Report.MaxTries)
	}
	return nil
}

// joinRun adds the report of one run to rep, as Diagnose joins its runs'.
func joinRun(rep, run *conctest.Report) {
	rep.Findings = append(rep.Findings, run.Findings...)
	rep.Output += run.Output
	rep.Incomplete = cmp.Or(rep.Incomplete, run.Incomplete)
	rep.RaceOff = rep.RaceOff || run.RaceOff
	rep.LeakProfileOn = rep.LeakProfileOn || run.LeakProfileOn
	rep.Elapsed = max(rep.Elapsed, run.Elapsed)
	rep.Notes = append(rep.Notes, run.Notes...)
}

// A row is checked on a recorded proof only if the proof is the row's:
// ProveClean, in a bubble where the row runs in one, with the row's twin
// and finding, and ProveClean's watchdog. And the cells are checked on
// what the proof's runs said, as on the row's own: a finding there fails
// the row.
func TestCatalogChecksOnlyItsOwnProof(t *testing.T) {
	r := rowNamed(t, "counter.Mutex")
	proof := func() *conctest.Record {
		return &conctest.Record{Test: r.proof, Call: "ProveClean", Want: conctest.Clean,
			TwinWant: conctest.Race, TwinBlame: "counter.(*Unsync).Inc", Watchdog: fixWatchdog,
			Report: &conctest.Report{}}
	}
	if err := proofFits(r, proof()); err != nil {
		t.Fatalf("counter.Mutex's own proof refused: %v", err)
	}
	for change, edit := range map[string]func(*conctest.Record){
		"a Diagnose":           func(p *conctest.Record) { p.Call = "Diagnose" },
		"in a bubble":          func(p *conctest.Record) { p.Bubble = true },
		"another twin verdict": func(p *conctest.Record) { p.TwinWant = conctest.Lost },
		"another twin blame":   func(p *conctest.Record) { p.TwinBlame = "counter.(*HalfLocked).Value" },
		"no twin":              func(p *conctest.Record) { p.TwinWant, p.TwinBlame = "", "" },
		"another watchdog":     func(p *conctest.Record) { p.Watchdog = 1500 * time.Millisecond },
		"no report":            func(p *conctest.Record) { p.Report = nil },
	} {
		p := proof()
		edit(p)
		if err := proofFits(r, p); err == nil {
			t.Errorf("a proof %s was taken for counter.Mutex's", change)
		}
	}
	race := proof().Report
	race.Findings = []conctest.Finding{{Verdict: conctest.Race, Detector: conctest.RaceDetector, Run: "plain",
		Evidence: "WARNING: DATA RACE\n  counter.(*Mutex).Inc()\n"}}
	if c := checkReport(r, race); len(c.problems) == 0 {
		t.Error("a race in the recorded proof's runs passed counter.Mutex's cells")
	}
}

// A broken row is checked only on Proves that made its runs in full: one
// try, in the row's mode, and a verdict whose Prove goes on after it; and
// its cells on all that the runs said, joined as Diagnose joins them.
func TestCatalogChecksBrokenRowsOnlyOnFullRuns(t *testing.T) {
	prove := func() *conctest.Record {
		return &conctest.Record{Test: "TestLeakOneSentinel", Call: "Prove", Want: conctest.Leak,
			Blame: "prodcons.(*queue).getUntilNone", Watchdog: 5 * time.Second,
			Report: &conctest.Report{Tries: 1, MaxTries: 1}}
	}
	if err := brokenProofFits(prove(), false); err != nil {
		t.Fatalf("a plain run's Prove of a leak refused: %v", err)
	}
	for change, edit := range map[string]func(*conctest.Record){
		"of a race, which halts at it":  func(p *conctest.Record) { p.Want = conctest.Race },
		"of go-deadlock's, which stops": func(p *conctest.Record) { p.Want = conctest.LockOrder },
		"a ProveClean":                  func(p *conctest.Record) { p.Call = "ProveClean" },
		"in a bubble":                   func(p *conctest.Record) { p.Bubble = true },
		"of three tries":                func(p *conctest.Record) { p.Report.MaxTries = 3 },
		"with a shorter watchdog":       func(p *conctest.Record) { p.Watchdog = time.Second },
		"without a report":              func(p *conctest.Record) { p.Report = nil },
	} {
		p := prove()
		edit(p)
		if err := brokenProofFits(p, false); err == nil {
			t.Errorf("a Prove %s was taken for a broken row's plain run", change)
		}
	}
	r := rowNamed(t, "prodcons.OneSentinel")
	leak := conctest.Finding{Verdict: conctest.Leak, Detector: conctest.Goleak, Run: "plain", Evidence: "found unexpected goroutines:\n" + sentinelWaits}
	blocked := conctest.Finding{Verdict: conctest.Blocked, Detector: conctest.Synctest, Run: "bubble",
		Evidence: "deadlock: main bubble goroutine has exited but blocked goroutines remain\n\n" + sentinelWaits}
	both := &conctest.Report{}
	joinRun(both, &conctest.Report{Findings: []conctest.Finding{leak}})
	joinRun(both, &conctest.Report{Findings: []conctest.Finding{blocked}})
	if c := checkReport(r, both); len(c.problems) != 0 {
		t.Errorf("prodcons.OneSentinel's two runs, joined, failed its cells: %v", c.problems)
	}
	plainOnly := &conctest.Report{}
	joinRun(plainOnly, &conctest.Report{Findings: []conctest.Finding{leak}})
	if c := checkReport(r, plainOnly); len(c.problems) == 0 {
		t.Error("prodcons.OneSentinel's cells passed without its bubble run's Blocked")
	}
}

// sentinelWaits is a consumer of prodcons.OneSentinel's left waiting for
// its sentinel (shortened from a run of its).
const sentinelWaits = `goroutine 12 [chan receive]:
github.com/racelab/racelab/prodcons.(*queue).getUntilNone(0xc000118000, 0xc00011a000)
	/work/main/prodcons/sentinel.go:40 +0x65
created by github.com/racelab/racelab/prodcons.OneSentinel in goroutine 11
	/work/main/prodcons/sentinel.go:61 +0x1a5
`
