package conctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The blame rules, on recorded evidence. testdata/trimpath holds the
// controls' reports recorded under go test -race -trimpath.

// recorded parses a recorded child output in testdata.
func recorded(t *testing.T, file string) *Report {
	t.Helper()
	out, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	return &Report{Findings: parse(string(out), "recorded"), Output: string(out)}
}

// go-deadlock prints "???" for a lock site's source when it cannot read
// the file (under -trimpath, or on another machine): such sites were
// not read at all, and every go-deadlock proof failed.
func TestDeadlockSiteWithoutSource(t *testing.T) {
	for file, blame := range map[string]string{
		"trimpath/lockorder.txt":   "conctest.lockPair",
		"trimpath/recursive.txt":   "conctest.lockTwice",
		"trimpath/locktimeout.txt": "conctest.lockHeldElsewhere",
	} {
		r := recorded(t, file)
		for _, v := range []Verdict{LockOrder, Recursive, LockTimeout} {
			if r.Has(v) {
				assert.NoError(t, r.Check(v, blame), "%s: %s", file, v)
			}
		}
	}
	got := deadlockStacks("a/b c.go:12 p.(*T).M ??? <<<<<\nb.go:3 p.F { mu.Lock() }\nb.go:4 p.G ???\n")
	want := [][]frame{{{fn: "p.(*T).M", file: "a/b c.go", short: true}, {fn: "p.F", file: "b.go", short: true}, {fn: "p.G", file: "b.go", short: true}}}
	assert.Equal(t, want, got, `deadlockStacks of sites with and without source`)
}

// Whether a frame was the standard library's was read off its file's
// path, under the GOROOT of the binary reading it: under -trimpath
// (files such as "sync/waitgroup.go") and in evidence printed by a
// toolchain installed elsewhere, testing's and sync's frames counted as
// the code under test, and Prove(t, Hang, "testing.tRunner", ...)
// passed. Recorded evidence now reads the same wherever GOROOT was.
func TestRecordedEvidenceAnyGOROOT(t *testing.T) {
	culprits := map[string]string{
		"hang.txt": "conctest.waitForever", "leak.txt": "conctest.leakySend", "panic.txt": "conctest.closeTwice",
		"locktimeout.txt": "conctest.lockHeldElsewhere", "recursive.txt": "conctest.lockTwice", "race.txt": "conctest.racyIncrement",
	}
	roots := map[string]*strings.Replacer{
		"as recorded": strings.NewReplacer(),
		"moved":       strings.NewReplacer("/usr/local/go/src/", "/opt/go1.26.8/src/"),
		"trimpath":    strings.NewReplacer("/usr/local/go/src/", "", "/work/main/", "github.com/racelab/racelab/"),
		"windows":     strings.NewReplacer("/usr/local/go/src/", "C:/Program Files/Go/src/", "/work/main/", "C:/work/main/"),
	}
	for file, culprit := range culprits {
		out, err := os.ReadFile(filepath.Join("testdata", file))
		require.NoError(t, err)
		for name, root := range roots {
			r := &Report{Findings: parse(root.Replace(string(out)), "recorded")}
			for _, f := range r.Findings {
				where := fmt.Sprintf("%s, GOROOT %s: %s by %s", file, name, f.Verdict, f.Detector)
				if f.Verdict != Leak || f.Detector != Goleak {
					assert.NoError(t, r.Check(f.Verdict, culprit), where)
				}
				for _, harness := range []string{"testing.tRunner", "testing.(*T).Run", "sync.(*Mutex).Lock", "runtime.gopark"} {
					assert.Error(t, r.Check(f.Verdict, harness), "%s: Check(%s, %q)", where, f.Verdict, harness)
				}
				if dumped(f) {
					assert.NotContains(t, f.Excerpt(), "testing.tRunner(", "%s: the test runner's goroutine is the harness's", where)
				}
			}
		}
	}
}

// A Windows path's drive letter was taken for the whole file, so no
// frame there was a test file's, and the engine's tests were its own.
func TestFileOfWindowsPath(t *testing.T) {
	assert.Equal(t, "C:/src/app/queue_test.go", fileOf("\tC:/src/app/queue_test.go:31 +0x81f"), "fileOf(a Windows frame)")
	assert.Equal(t, "/src/app/queue.go", fileOf("\t/src/app/queue.go:40"), "fileOf(an inlined frame)")
}

func TestStandardLibraryByPackagePath(t *testing.T) {
	for _, tt := range []struct {
		fr   frame
		want bool
	}{
		{frame{fn: "sync.(*WaitGroup).Wait", file: "sync/waitgroup.go"}, true},
		{frame{fn: "sync.(*WaitGroup).Wait", file: "/opt/go/src/sync/waitgroup.go"}, true},
		{frame{fn: "internal/sync.(*Mutex).lockSlow", file: "internal/sync/mutex.go"}, true},
		{frame{fn: "testing/synctest.Test", file: "testing/synctest/synctest.go"}, true},
		{frame{fn: "panic", file: "runtime/panic.go"}, true},
		{frame{fn: "main.main", file: "_testmain.go"}, true},
		{frame{fn: "sync.(*Mutex).Lock", file: "sync/mutex.go", short: true}, true},
		{frame{fn: "github.com/acme/svc.(*Store).Get", file: "github.com/acme/svc/store.go"}, false},
		{frame{fn: "example.com/app_test.TestQueue.func1", file: "/src/app/queue_test.go"}, false},
		{frame{fn: "svc.(*Store).Get", file: "store.go", short: true}, false},
	} {
		assert.Equal(t, tt.want, tt.fr.harness(), "frame{%q, %q}.harness()", tt.fr.fn, tt.fr.file)
	}
	// A module may be called "myapp": its packages are not the standard
	// library's, though their paths have no dot.
	assert.True(t, stdPath("myapp/store", nil), `stdPath("myapp/store", nil)`)
	assert.False(t, stdPath("myapp/store", []string{"myapp"}), `stdPath("myapp/store", [myapp])`)
	assert.False(t, stdPath("myapp", []string{"myapp"}), `stdPath("myapp", [myapp])`)
	assert.False(t, stdPath("myapp_test", nil), `stdPath("myapp_test", nil)`)
	assert.True(t, stdPath("myapplication", []string{"myapp"}), `stdPath("myapplication", [myapp]): no package of myapp's`)
}

// A generic function's frames print with its type arguments: the blame
// "conctest.(*tally).bump" was compared with "(*tally[go.shape.string]).bump"
// and never matched, and the failure said it appeared nowhere.
func TestGenericBlame(t *testing.T) {
	r := recorded(t, "generic.txt")
	for _, blame := range []string{"conctest.(*tally).bump", "conctest.(*tally[T]).bump", "conctest.(*tally[...]).bump",
		"conctest.tally.bump", "conctest.tally", "github.com/racelab/racelab/conctest.(*tally[T]).bump"} {
		assert.NoError(t, r.Check(Race, blame), "Check(Race, %q)", blame)
	}
	for _, blame := range []string{"conctest.closeAll", "conctest.closeAll[T]", "conctest.closeAll[...]"} {
		assert.NoError(t, r.Check(Panic, blame), "Check(Panic, %q)", blame)
	}
	assert.ErrorContains(t, r.Check(Race, "conctest.(*tally).drop"), "appears nowhere", "a method the report does not name")

	// A generic function named only where a goroutine was created.
	created := &Report{Findings: parse(`WARNING: DATA RACE
Write at 0x00c000018118 by goroutine 8:
  example.com/svc.bump()
      /src/svc/pool.go:9 +0x30

Previous write at 0x00c000018118 by goroutine 7:
  example.com/svc.bump()
      /src/svc/pool.go:9 +0x44

Goroutine 8 (running) created at:
  example.com/svc.(*Pool[go.shape.struct { Name string }]).spawn()
      /src/svc/pool.go:20 +0x72
==================
`, "recorded")}
	for _, blame := range []string{"svc.(*Pool).spawn", "svc.(*Pool[T]).spawn", "svc.Pool.spawn"} {
		err := created.Check(Race, blame)
		if assert.Error(t, err, "Check(Race, %q)", blame) {
			assert.Contains(t, err.Error(), "not as a frame of the code under test", "Check(Race, %q)", blame)
			assert.NotContains(t, err.Error(), "appears nowhere", "Check(Race, %q)", blame)
		}
	}
	assert.Equal(t, "Map.func1", plainName(dropTypeArgs("Map[go.shape.struct { A []int },go.shape.int].func1")), "plainName of nested type arguments")
}

// tally and closeAll are generic, as a team's code may be: race reports
// print their frames with the type arguments or their shapes
// ("[go.shape.string]"), tracebacks with "[...]". Their reports are
// recorded in testdata/generic.txt.
type tally[T comparable] struct{ n int }

func (c *tally[T]) bump() { c.n++ } // no lock: the race

func racyTally() error {
	c := new(tally[string])
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(c.bump)
	}
	wg.Wait()
	return nil
}

func closeAll[T any](chs ...chan T) {
	for _, ch := range chs {
		close(ch)
	}
}

func closeOneTwice() error {
	ch := make(chan int)
	closeAll(ch, ch)
	return nil
}

// TestRecordGenericControls rewrites testdata/generic.txt from fresh
// runs of the generic controls, with -record (and -race, for the race).
func TestRecordGenericControls(t *testing.T) {
	if !*record && !inChild() {
		t.Skip("rewrites testdata/generic.txt: run with -race and -args -record")
	}
	var out strings.Builder
	for _, fn := range []func() error{racyTally, closeOneTwice} {
		if r := Diagnose(t, fn); r != nil {
			out.WriteString(r.Output)
		}
	}
	if !inChild() {
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "generic.txt"), []byte(out.String()), 0o644))
	}
}

// A blame with an import path names that package's function only: the
// path was dropped before comparing, so another module's package of the
// same name, with a function of the same name, passed as evidence.
func TestBlameWithPathNamesThatPackageOnly(t *testing.T) {
	r := recorded(t, "race.txt")
	for _, blame := range []string{"conctest.racyIncrement", "github.com/racelab/racelab/conctest.racyIncrement"} {
		assert.NoError(t, r.Check(Race, blame), "Check(Race, %q)", blame)
	}
	err := r.Check(Race, "github.com/someone/else/conctest.racyIncrement")
	assert.ErrorContains(t, err, "package path is another", `Check(Race, "github.com/someone/else/conctest.racyIncrement")`)

	// go-deadlock prints a lock site without its path: a blame's path
	// cannot be checked there, and the package's name decides.
	r = recorded(t, "lockorder.txt")
	assert.NoError(t, r.Check(LockOrder, "github.com/racelab/racelab/conctest.lockPair"), "Check(LockOrder) with a path")
	assert.Error(t, r.Check(LockOrder, "github.com/racelab/racelab/other.lockPair"), "Check(LockOrder) of another package name")
}

// A Panic blame passed if it was any part of the message: "c" proved a
// "close of closed channel", and a function of any goroutine the crash
// happened to dump passed as the one that panicked.
func TestPanicBlame(t *testing.T) {
	r := recorded(t, "panic.txt")
	for _, blame := range []string{"close of closed channel", "conctest.closeTwice"} {
		assert.NoError(t, r.Check(Panic, blame), "Check(Panic, %q)", blame)
	}
	for _, blame := range []string{"c", "close", "closed channel", "of closed", "close of closed channel [recovered, repanicked]"} {
		assert.ErrorContains(t, r.Check(Panic, blame), "not the panic's message", "Check(Panic, %q)", blame)
	}

	dump := &Report{Findings: parse(`fatal error: sync: unlock of unlocked mutex

goroutine 19 [running]:
internal/sync.fatal({0x4a600a?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1191 +0x18
sync.(*Mutex).Unlock(...)
	/usr/local/go/src/sync/mutex.go:65
example.com/fe.unlockTwice(0x1fb35e606008)
	/src/fe/fe.go:8 +0x67
example.com/fe.run.func2()
	/src/fe/fe.go:14 +0x25
created by example.com/fe.run in goroutine 1
	/src/fe/fe.go:14 +0x91

goroutine 18 [sleep]:
time.Sleep(0x34630b8a000)
	/usr/local/go/src/runtime/time.go:363 +0x165
example.com/fe.sleeper()
	/src/fe/fe.go:11 +0x1d
created by example.com/fe.run in goroutine 1
	/src/fe/fe.go:11 +0x1e
`, "recorded")}
	for _, blame := range []string{"fe.unlockTwice", "fe.run", "sync: unlock of unlocked mutex", "sync"} {
		assert.NoError(t, dump.Check(Panic, blame), "Check(Panic, %q)", blame)
	}
	assert.ErrorContains(t, dump.Check(Panic, "fe.sleeper"), "another goroutine", `Check(Panic, "fe.sleeper")`)
	assert.ErrorContains(t, dump.Check(Panic, "sync.(*Mutex).Unlock"), "harness", `Check(Panic, "sync.(*Mutex).Unlock")`)
	assert.Error(t, dump.Check(Panic, "unlock of unlocked mutex"), `Check(Panic, "unlock of unlocked mutex")`)

	// A panic raised while another ran prints both: either is its message.
	chain := &Report{Findings: parse("panic: config: bad input [recovered]\n\tpanic: shutting down\n\ngoroutine 1 [running]:\nexample.com/app.load()\n\t/src/app/app.go:3 +0x1\n", "recorded")}
	for _, blame := range []string{"config: bad input", "config", "shutting down"} {
		assert.NoError(t, chain.Check(Panic, blame), "Check(Panic, %q)", blame)
	}
	assert.Equal(t, []string{"config: bad input", "config", "shutting down"}, panicMessages(chain.Findings[0].Evidence), "panicMessages")
}

// A Lost blame passed if it was any part of the message, the engine's
// marker included: "o" or "invariant violated" proved any loss.
func TestLostBlame(t *testing.T) {
	r := recorded(t, "lost.txt") // selftest.wrongTotal: got 1, want 2
	for _, blame := range []string{"wrongTotal", "selftest.wrongTotal", "got 1, want 2", "want 2", "selftest.wrongTotal: got 1"} {
		assert.NoError(t, r.Check(Lost, blame), "Check(Lost, %q)", blame)
	}
	for _, blame := range []string{"o", "rongTotal", "got 1, wan", "t 1"} {
		assert.ErrorContains(t, r.Check(Lost, blame), "part of a word", "Check(Lost, %q)", blame)
	}
	for _, blame := range []string{"invariant violated", "conctest"} {
		assert.Error(t, r.Check(Lost, blame), "Check(Lost, %q): the engine's marker is no evidence", blame)
	}
}

// A test's goroutine waiting in t.Run for the subtest that runs the
// proof is the harness's, though it waits in a closure of the test.
func TestGoroutineWaitingInTRunIsTheHarnesss(t *testing.T) {
	dump := `fatal error: sync: unlock of unlocked mutex

goroutine 7 [running]:
sync.(*Mutex).Unlock(...)
	/usr/local/go/src/sync/mutex.go:65
example.com/app.(*Queue).Get(...)
	/src/app/queue.go:81
created by sync.(*WaitGroup).Go in goroutine 2
	/usr/local/go/src/sync/waitgroup.go:238 +0x73

goroutine 4 [chan receive]:
testing.(*T).Run(0xc000102488, {0x737a80, 0x4}, 0xc0000a6000)
	/usr/local/go/src/testing/testing.go:2109 +0x4e5
example.com/app_test.TestCatalog.func1(0xc000102488)
	/src/app/catalog_test.go:160 +0x3e
testing.tRunner(0xc000102488, 0xc0000a6010)
	/usr/local/go/src/testing/testing.go:2036 +0xea
created by testing.(*T).Run in goroutine 5
	/usr/local/go/src/testing/testing.go:2101 +0x4c5
`
	ex := Finding{Verdict: Panic, Detector: Runtime, Evidence: dump}.Excerpt()
	assert.NotContains(t, ex, "TestCatalog.func1", "a goroutine waiting in t.Run for its subtest is the test runner's")
	assert.Contains(t, ex, "app.(*Queue).Get")
}
