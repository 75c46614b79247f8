package racelab

import (
	"slices"
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
)

// Self-tests of the catalog's own checks, on constructed rows and
// recorded reports: no child process, so they are deterministic.

// rowNamed returns the catalog row of variant v.
func rowNamed(t *testing.T, v string) row {
	t.Helper()
	i := slices.IndexFunc(catalog, func(r row) bool { return r.variant == v })
	if i < 0 {
		t.Fatalf("no catalog row %s", v)
	}
	return catalog[i]
}

func TestEveryFixedRowHasATwin(t *testing.T) {
	for _, r := range catalog {
		if isBroken(r) {
			continue
		}
		if _, err := twinOf(r); err != nil {
			t.Error(err)
		}
	}
}

// A fix whose twin is missing, or cannot fail, fails its row, saying why.
func TestTwinOfRefusesNoFailingTwin(t *testing.T) {
	mutex := rowNamed(t, "counter.Mutex")
	tests := []struct {
		twin, want string
	}{
		{"", "fixed, but no failing twin"},
		{"counter.Nothing", "neither a row of the catalog nor a declared mutation"},
		{"counter.Atomic", "declares no finding"},
		{"locks.CopyValue", "vet-only"},
		{"locks.Relock", "its workload cannot run its twin locks.Relock (a *locks.Relock)"},
		{"sharedmem.Plain", "cannot run its twin sharedmem.Plain (a sharedmem.Plain)"},
	}
	for _, tt := range tests {
		r := mutex
		r.twin = tt.twin
		_, err := twinOf(r)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("twinOf(counter.Mutex with twin %q) = %v, want an error containing %q", tt.twin, err, tt.want)
		}
	}
	// A Blocked twin shows only in a bubble: the fix's runs must make one.
	r := rowNamed(t, "prodcons.SentinelPerWorker")
	r.bubble = false
	if _, err := twinOf(r); err == nil || !strings.Contains(err.Error(), "only a synctest bubble shows") {
		t.Errorf("twinOf(prodcons.SentinelPerWorker, no bubble) = %v, want an error about the bubble", err)
	}
}

// A row must make the variant it names, and a broken row declares the
// finding it is proven by.
func TestRowShape(t *testing.T) {
	mutex := rowNamed(t, "counter.Mutex")
	wrong := mutex
	wrong.make = rowNamed(t, "counter.Atomic").make
	unsync := rowNamed(t, "counter.Unsync")
	noFinding := unsync
	noFinding.verdict = ""
	eitherFinding := unsync
	eitherFinding.verdict = conctest.Lost // invariant=Clean|Lost
	fixedFinding := mutex
	fixedFinding.verdict, fixedFinding.blame = conctest.Race, "counter.(*Mutex).Inc"
	brokenTwin := unsync
	brokenTwin.twin = "counter.Mutex"
	for _, tt := range []struct {
		r    row
		want string
	}{
		{wrong, "makes counter.Atomic, not the variant it names"},
		{noFinding, "declares no finding"},
		{eitherFinding, "no cell it declares on every run"},
		{fixedFinding, "fixed, but declares a finding"},
		{brokenTwin, "only a fix has one"},
	} {
		if msgs := rowShape(tt.r); !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, tt.want) }) {
			t.Errorf("rowShape(%s) = %q, want a message containing %q", tt.r.variant, msgs, tt.want)
		}
	}
	if msgs := rowShape(mutex); len(msgs) > 0 {
		t.Errorf("rowShape(counter.Mutex) = %q, want none", msgs)
	}
}

// mapCrash is what a child prints when the fix it runs, sabotaged to
// write a shared map from two workers, is stopped by the runtime's own
// check, which needs no -race: a crash recorded from a plain Go 1.26
// build, its frames renamed to those of prodcons.IndexedSlice.
const mapCrash = `conctest: begin TestCatalog/prodcons.IndexedSlice@scenarios_test.go:130#1:plain
fatal error: concurrent map writes

goroutine 36 [running]:
internal/runtime/maps.fatal({0x6d3c19?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
github.com/racelab/racelab/prodcons.IndexedSlice.func1.1({0x1, 0x3})
	/work/main/prodcons/pool.go:47 +0x45
github.com/racelab/racelab/prodcons.each({0x7c2e08, 0xc0000a8000}, 0xc0000b4000, 0xc0000b6000, 0xc0000a6040, 0xc0000b8000)
	/work/main/prodcons/workload.go:142 +0x9e
sync.(*WaitGroup).Go.func1()
	/usr/local/go/src/sync/waitgroup.go:258 +0x4a
created by sync.(*WaitGroup).Go in goroutine 35
	/usr/local/go/src/sync/waitgroup.go:238 +0x73

goroutine 37 [runnable]:
internal/runtime/maps.(*table).uncheckedPutSlot(0xc000192060?, 0x6c5c40?, 0x2dd440e25635a54?, 0xc0001aa008?, 0xc0001aa010?)
	/usr/local/go/src/internal/runtime/maps/table.go:382 +0x1b3
github.com/racelab/racelab/prodcons.IndexedSlice.func1.1({0x2, 0x5})
	/work/main/prodcons/pool.go:47 +0x45
github.com/racelab/racelab/prodcons.each({0x7c2e08, 0xc0000a8000}, 0xc0000b4000, 0xc0000b6000, 0xc0000a6040, 0xc0000b8000)
	/work/main/prodcons/workload.go:142 +0x9e
sync.(*WaitGroup).Go.func1()
	/usr/local/go/src/sync/waitgroup.go:258 +0x4a
created by sync.(*WaitGroup).Go in goroutine 35
	/usr/local/go/src/sync/waitgroup.go:238 +0x73
exit status 2
`

// The runtime's "concurrent map writes" crash is the runtime's finding:
// it fails a fixed row in a build with or without -race. (It used to be
// the race detector's, whose cell a build without -race leaves
// unchecked, so a fix sabotaged to write a shared map passed its row
// under make test.)
func TestMapCrashFailsAFixWithoutRace(t *testing.T) {
	r := rowNamed(t, "prodcons.IndexedSlice")
	for _, raceOff := range []bool{true, false} {
		rep := &conctest.Report{Findings: []conctest.Finding{{Verdict: conctest.Race, Detector: conctest.Runtime, Run: "plain", Evidence: mapCrash}}, Output: mapCrash, RaceOff: raceOff}
		c := checkReport(r, rep)
		if !slices.ContainsFunc(c.problems, func(p string) bool { return strings.Contains(p, "runtime said Race") }) {
			t.Errorf("RaceOff=%v: checkReport(prodcons.IndexedSlice, a concurrent map write crash) found %q, want runtime said Race; cells %s",
				raceOff, c.problems, c.said)
		}
	}
}

// Without -race, a broken row's race cell is left unchecked, and says
// so, but its other cells are still checked.
func TestRaceCellUncheckedWithoutRace(t *testing.T) {
	r := rowNamed(t, "counter.HalfLocked")
	c := checkReport(r, &conctest.Report{RaceOff: true})
	if len(c.problems) > 0 || !strings.Contains(c.unchecked, "make test-race") {
		t.Errorf("checkReport(counter.HalfLocked, all Clean, no -race) = problems %q, unchecked %q; want none, and a skip naming make test-race", c.problems, c.unchecked)
	}
	lost := &conctest.Report{RaceOff: true, Findings: []conctest.Finding{{Verdict: conctest.Lost, Detector: conctest.Invariant,
		Run: "plain", Evidence: "conctest: invariant violated: *counter.HalfLocked: got total 19, want 20"}}}
	if c := checkReport(r, lost); len(c.problems) == 0 {
		t.Errorf("checkReport(counter.HalfLocked, Lost, no -race) found nothing, want invariant said Lost")
	}
}

// An "either" cell shows what the runs gave, counted; it is not printed
// from the declaration. (It used to read "Clean or Lost" whatever the
// runs said, so make matrix-check compared the declaration with itself.)
func TestEitherCellShowsRuns(t *testing.T) {
	r := rowNamed(t, "counter.Unsync") // invariant=Clean|Lost
	inv := conctest.Invariant
	for _, tt := range []struct {
		said map[string]int
		want string
	}{
		{map[string]int{"Lost": 2, "Clean": 1}, "**Lost 2/3**⁵"},
		{map[string]int{"Clean": 3}, "**Lost 0/3**⁵"},
		{map[string]int{"Lost": 3}, "**Lost 3/3**⁵"},
		{map[string]int{"Lost": 1, "Clean": 1, "Panic": 1}, "**Lost 1/3, Panic 1/3**⁵"}, // not declared: shown
	} {
		o := &observed{runs: 3, cells: map[conctest.Detector]map[string]int{inv: tt.said}}
		if got := matrixCell(r, o, inv, nil); got != tt.want {
			t.Errorf("matrixCell(counter.Unsync, invariant, %v) = %q, want %q", tt.said, got, tt.want)
		}
	}
	// A cell declared with one outcome shows it, or, if runs differed,
	// every outcome counted.
	r = rowNamed(t, "counter.LoadStore") // invariant=Lost
	for _, tt := range []struct {
		said map[string]int
		want string
	}{
		{map[string]int{"Lost": 2}, "**Lost**"},
		{map[string]int{"Lost": 1, "Clean": 1}, "**Lost 1/2, Clean 1/2**"},
	} {
		o := &observed{runs: 2, cells: map[conctest.Detector]map[string]int{inv: tt.said}}
		if got := matrixCell(r, o, inv, nil); got != tt.want {
			t.Errorf("matrixCell(counter.LoadStore, invariant, %v) = %q, want %q", tt.said, got, tt.want)
		}
	}
}

// make matrix-check accepts any mix of an "either" cell's declared
// outcomes, and fails on an outcome outside the declaration or on a
// changed declaration.
func TestMatrixCheckComparesOutcomesNotCounts(t *testing.T) {
	line := func(cell string) string {
		return "| `counter.Unsync` | **broken** | **Race** | " + cell + " | Clean |\n"
	}
	committed := line("**Lost 2/3**⁵")
	for cell, same := range map[string]bool{
		"**Lost 0/1**⁵":            true,
		"**Lost 30/30**⁵":          true,
		"**Lost**":                 false, // declared Lost, not Clean|Lost
		"**Race 1/3**⁵":            false, // declared Race|Clean
		"**Lost 1/3, Panic 1/3**⁵": false, // an outcome outside the declaration
		"**Clean or Lost**⁵":       false,
	} {
		if got := checkedPart(committed) == checkedPart(line(cell)); got != same {
			t.Errorf("committed %s, fresh %s: matrix-check says same=%v, want %v", "Lost 2/3", cell, got, same)
		}
	}
	if checkedPart(committed+timesMarker+"\n| `counter.Unsync` | 4ms |\n") != checkedPart(committed+timesMarker+"\n| `counter.Unsync` | 9ms |\n") {
		t.Errorf("matrix-check compares the times")
	}
}

// hangInWorkload is a watchdog's dump whose one goroutine of the code
// under test waits in locks' workload, lockstest.WithdrawAfterShortfall
// (shortened from a run of locks.EarlyReturn).
const hangInWorkload = `panic: test timed out after 1.5s (conctest watchdog: the function has not returned)

goroutine 23 [chan receive]:
github.com/racelab/racelab/internal/lockstest.WithdrawAfterShortfall({0x7f41a7a4e5e0, 0xf5646880110})
	/work/main/internal/lockstest/mutex.go:305 +0x1c5
created by github.com/racelab/racelab/conctest.start in goroutine 22
	/work/main/conctest/run.go:55 +0x4f
`

// A blocked goroutine's excerpt must name the row's lesson package or
// its own workloads' near the top: another package's do not count.
func TestCulpritsFirstNamesTheLessonOrItsWorkload(t *testing.T) {
	rep := &conctest.Report{Findings: []conctest.Finding{{Verdict: conctest.Hang, Detector: conctest.Watchdog, Run: "plain", Evidence: hangInWorkload}}, Output: hangInWorkload}
	if !slices.ContainsFunc(rep.Findings, func(f conctest.Finding) bool { return f.Verdict == conctest.Hang }) {
		t.Fatalf("a watchdog's dump: findings %v, want a Hang", rep.Findings)
	}
	if msgs := culpritsFirst(rowNamed(t, "locks.EarlyReturn"), rep); len(msgs) > 0 {
		t.Errorf("culpritsFirst(locks.EarlyReturn, a Hang in lockstest) = %q, want none", msgs)
	}
	if msgs := culpritsFirst(rowNamed(t, "counter.Unsync"), rep); len(msgs) == 0 {
		t.Errorf("culpritsFirst(counter.Unsync, a Hang in lockstest) found nothing, want that it names no frame of counter")
	}
}
