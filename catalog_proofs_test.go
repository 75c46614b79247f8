package racelab

import (
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
// same workload, with the same twin, names that test as its proof. In
// make test-race the lesson packages' test processes run beside the
// catalog's and leave a record of each proof (conctest's
// CONCTEST_RECORD); a row whose package is listed in proofsEnv is then
// checked on its proof's run, every cell and the twin's finding, instead
// of being run a second time. Everywhere else (make test, the matrix,
// the guide, make mutate, make stress) the catalog runs every row
// itself.

// proofsEnv lists the lesson packages ("./counter ./locks") whose test
// processes run beside the catalog's in this go test, leaving records.
const proofsEnv = "RACELAB_PROOFS_OF"

// proofWait bounds the wait for a proof's record: the package's own
// tests end well before go test's 5 m timeout.
const proofWait = 3 * time.Minute

// provenBeside reports whether the fixed row r is checked on its package
// proof's run, whose test process runs in the package directory it
// returns.
func provenBeside(r row) (pkgDir string, ok bool) {
	if r.proof == "" || recording() || matrixRuns() > 1 || os.Getenv("CONCTEST_RECORD") == "" {
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

// TestCatalogOnProofs checks, one after another, the fixed rows that
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

// checkOnProof checks the fixed row r on the run of its package's proof,
// if that run is recorded: it waits for the record, checks that the
// proof is the row's (ProveClean, in a bubble where the row runs in one,
// with the row's twin and finding), then every cell and the twin's
// finding as on a run of the row's own. It reports false, saying why,
// where the row must run itself: the package's tests ended without the
// record.
func checkOnProof(t *testing.T, r row, pkgDir string) bool {
	t.Helper()
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
