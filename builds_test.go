package racelab

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/racelab/racelab/conctest"
)

// The catalog runs in two builds (make builds the overlays with
// internal/cmd/builds). The plain build, the lessons' sync mutexes as
// written, is judged by every detector but go-deadlock; the go-deadlock
// build, the same code with sync's Mutex and RWMutex swapped for
// go-deadlock's, by go-deadlock alone. A recording writes the go-deadlock
// column from the go-deadlock build's run into a file, which the plain
// build's run reads to write the matrix and the guide.
var (
	deadlockOut = flag.String("deadlock-out", "", "in the go-deadlock build: write what go-deadlock said of each row to this file after TestCatalog")
	deadlockIn  = flag.String("deadlock-in", "", "in the plain build: read the go-deadlock column of the matrix and the guide from this file (written by -deadlock-out)")
)

// swapBuild reports whether this is the go-deadlock build: conctest/swap
// marks it so.
func swapBuild() bool { return os.Getenv("CONCTEST_BUILD") == "go-deadlock" }

// judges reports whether detector d judges this build.
func judges(d conctest.Detector) bool { return (d == conctest.GoDeadlock) == swapBuild() }

// deadlockSaid is what go-deadlock said of one row over its runs, as the
// go-deadlock build records it.
type deadlockSaid struct {
	Runs    int
	Cell    map[string]int // go-deadlock's outcomes, and how many runs gave each
	Reports map[string]int // the proving report of a row proven by go-deadlock
}

// writeDeadlockRecords writes go-deadlock's column of every row that ran.
func writeDeadlockRecords(t *testing.T) {
	observations.Lock()
	defer observations.Unlock()
	out := map[string]deadlockSaid{}
	for v, o := range observations.m {
		out[v] = deadlockSaid{Runs: o.runs, Cell: o.cells[conctest.GoDeadlock], Reports: o.reports}
	}
	js, err := json.MarshalIndent(out, "", "\t")
	if err == nil {
		err = os.WriteFile(*deadlockOut, js, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote go-deadlock's column of %d rows into %s", len(out), *deadlockOut)
}

// readDeadlockRecords puts go-deadlock's column, read from the file the
// go-deadlock build wrote, in place of what the plain build could say.
func readDeadlockRecords() error {
	if *deadlockIn == "" {
		return fmt.Errorf("go-deadlock judges the go-deadlock build: give its record with -deadlock-in (make matrix and make guide do)")
	}
	js, err := os.ReadFile(*deadlockIn)
	if err != nil {
		return err
	}
	var in map[string]deadlockSaid
	if err := json.Unmarshal(js, &in); err != nil {
		return fmt.Errorf("%s: %v", *deadlockIn, err)
	}
	observations.Lock()
	defer observations.Unlock()
	for _, r := range catalog {
		o := observations.m[r.variant]
		if o == nil || r.vet != "" {
			continue
		}
		d, ok := in[r.variant]
		switch {
		case !ok:
			return fmt.Errorf("%s: no go-deadlock record of row %s: run the go-deadlock build's catalog again", *deadlockIn, r.variant)
		case d.Runs != o.runs:
			return fmt.Errorf("%s: row %s ran %d times in the go-deadlock build and %d in the plain build", *deadlockIn, r.variant, d.Runs, o.runs)
		}
		o.cells[conctest.GoDeadlock] = d.Cell
		if r.verdict.Detector() == conctest.GoDeadlock {
			o.reports = d.Reports
		}
	}
	return nil
}
