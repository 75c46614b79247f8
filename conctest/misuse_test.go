package conctest

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The engine as its users will misuse it. Each test is a finding of a
// review, and fails on the engine as it was before the fix.

// oddTMPDIR points TMPDIR, for this test, at a new directory whose name
// holds name. Not t.TempDir: its first call fixes the test's directory,
// and the child's must be made under the odd one.
func oddTMPDIR(t *testing.T, name string) {
	tmp, err := os.MkdirTemp("", name)
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
}

// A TMPDIR with a glob's metacharacters once hid the race log: a racy
// function was "proven" Clean while the child said a race was detected.
func TestRaceWithGlobCharsInTMPDIR(t *testing.T) {
	oddTMPDIR(t, "glob [1] *?")
	fatal, skipped := outcome(t, func(t testing.TB) { ProveClean(t, racyIncrement) })
	if inChild() {
		return
	}
	if !raceEnabled {
		assert.Empty(t, skipped+fatal, "without -race the race cannot be seen, and nothing else is wrong")
		return
	}
	assert.Contains(t, fatal, "race said Race")
}

// A child that failed with nothing to show for it is never Clean.
func TestFailedChildWithoutFindingIsIncomplete(t *testing.T) {
	exit := exec.Command("false").Run()
	require.Error(t, exit)
	r := readReport(onChannel(channelRecord{Kind: kindBegin}, channelRecord{Kind: kindEnd}), "", "", "", "plain", "X", exit, "", 0)
	assert.Contains(t, r.Incomplete, "failed")
	assert.Nil(t, r.Verdicts(), "an incomplete report has no verdict, not Clean")
	assert.ErrorContains(t, r.Check(Clean, ""), "incomplete")
}

// Ids were positional: a call the child made and the parent did not
// shifted the next call onto another function, and a correct function
// was "proven" racy.
func TestChildRunsTheParentsCallNotItsNeighbours(t *testing.T) {
	if inChild() {
		Diagnose(t, racyIncrement) // a call only the child makes
	}
	fatal, _ := outcome(t, func(t testing.TB) { Prove(t, Race, "conctest.lockedIncrement", lockedIncrement) })
	if inChild() || !raceEnabled {
		return
	}
	assert.Contains(t, fatal, "no race reported")
}

// A subtest name with ':' broke the case id, and the failure hid it.
func TestSubtestNamesOfEveryKind(t *testing.T) {
	for _, name := range []string{"a:b", "x#1", "sp ace/slash", "(re)gex[p]*", "ünï"} {
		t.Run(name, func(t *testing.T) {
			r := Diagnose(t, wrongTotal)
			assert.Empty(t, r.Incomplete)
			assert.Equal(t, []Verdict{Lost}, r.Verdicts())
		})
	}
}

// Diagnose in a loop over distinct functions: every call is its own
// case, told apart by its function. A second call of one function from
// one place is refused: a child could not tell which one it is.
func TestDiagnoseInALoop(t *testing.T) {
	fns := []func() error{wrongTotal, lockedIncrement}
	for i, fn := range fns {
		r := Diagnose(t, fn)
		assert.Empty(t, r.Incomplete, "call %d", i)
		want := []Verdict{Lost}
		if i == 1 {
			want = []Verdict{Clean}
		}
		assert.Equal(t, want, r.Verdicts(), "call %d", i)
	}
	fatal, _ := outcome(t, func(t testing.TB) {
		for range 2 {
			Diagnose(t, wrongTotal)
		}
	})
	if !inChild() {
		assert.True(t, strings.HasPrefix(fatal, "conctest.Diagnose: "), "the parent refuses, before any child runs: %s", fatal)
		assert.Contains(t, fatal, "a second time from the same place")
		assert.Contains(t, fatal, "t.Run")
	}
}

func wrongTotalToo() error { return wrongTotal() }

// wrapper is a user's helper that wraps *testing.T without saying so.
type wrapper struct{ testing.TB }

func TestWrapperOfTestingT(t *testing.T) {
	for _, fn := range []func() error{wrongTotal, wrongTotalToo} { // wrappers too
		r := Diagnose(wrapper{t}, fn)
		assert.Equal(t, []Verdict{Lost}, r.Verdicts())
	}
	fatal, _ := outcome(t, func(t testing.TB) {
		ProveClean(wrapper{t.(*fakeT)}, lockedIncrement, Bubble())
	})
	if !inChild() {
		assert.Contains(t, fatal, "Bubble needs a *testing.T")
	}
}

func TestBlameMustNameTheCodeUnderTest(t *testing.T) {
	never := func() error { select {} }
	fatal, _ := outcome(t, func(t testing.TB) { Prove(t, Hang, "testing.tRunner", never, Timeout(200*time.Millisecond)) })
	if !inChild() {
		assert.Contains(t, fatal, "matches only the harness's frame testing.tRunner")
	}
	out, err := os.ReadFile(filepath.Join("testdata", "race.txt"))
	require.NoError(t, err)
	r := &Report{Findings: parse(string(out), "recorded")}
	require.NoError(t, r.Check(Race, "conctest.racyIncrement"))
	for blame, why := range map[string]string{
		"sync.(*WaitGroup).Go": "not as a frame of the code under test", // only where goroutines were created
		"conctest.runPlain":    "not as a frame of the code under test",
		"conctest":             "names no function",
		"racyIncrement":        "names no function",
		"0x00c0001af458":       "names no function",
	} {
		assert.ErrorContains(t, r.Check(Race, blame), why, blame)
	}
	// A blame another finding names is not this one's evidence.
	out, err = os.ReadFile(filepath.Join("testdata", "recursive.txt"))
	require.NoError(t, err)
	r = &Report{Findings: parse(string(out), "recorded")}
	require.NoError(t, r.Check(Recursive, "conctest.lockTwice"))
	assert.ErrorContains(t, r.Check(Leak, "conctest.noSuchThing"), "appears nowhere")
}

func TestBadArgumentsAreRefused(t *testing.T) {
	cases := map[string]func(t testing.TB){
		"fn is nil":                func(t testing.TB) { Prove(t, Panic, "conctest.x", nil) },
		"ProveClean: fn is nil":    func(t testing.TB) { ProveClean(t, nil) },
		"Diagnose: fn is nil":      func(t testing.TB) { Diagnose(t, nil) },
		"Timeout(0s)":              func(t testing.TB) { ProveClean(t, lockedIncrement, Timeout(0)) },
		"Timeout(-1s)":             func(t testing.TB) { Prove(t, Hang, "conctest.x", lockedIncrement, Timeout(-time.Second)) },
		"Twin's broken function":   func(t testing.TB) { ProveClean(t, lockedIncrement, Twin(Race, "x.y", nil)) },
		"Twin(\"Clean\")":          func(t testing.TB) { ProveClean(t, lockedIncrement, Twin(Clean, "x.y", racyIncrement)) },
		"Twin's blame is empty":    func(t testing.TB) { ProveClean(t, lockedIncrement, Twin(Race, "", racyIncrement)) },
		"does not call conctest.M": withoutMain(func(t testing.TB) { Prove(t, Race, "conctest.racyIncrement", racyIncrement) }),
	}
	for want, call := range cases {
		fatal, _ := outcome(t, call)
		assert.Contains(t, fatal, want)
	}
}

// withoutMain runs call as in a package whose TestMain does not call Main.
func withoutMain(call func(t testing.TB)) func(t testing.TB) {
	return func(t testing.TB) {
		mainCalled.Store(false)
		defer mainCalled.Store(true)
		call(t)
	}
}

// fn calling t.Fatal ended its goroutine: the proof waited 5 s and called
// it a Hang, and the message was lost.
func TestFatalInsideFnIsLostWithItsMessage(t *testing.T) {
	r := Diagnose(t, func() error {
		t.Fatalf("the total is %d, want %d", 1, 2)
		return nil
	})
	assert.Equal(t, []Verdict{Lost}, r.Verdicts())
	assert.NoError(t, r.Check(Lost, "the total is 1, want 2"))
	assert.NoError(t, r.Check(Lost, "t.FailNow"))
}

func TestGoexitInsideFnIsLost(t *testing.T) {
	var wg sync.WaitGroup
	r := Diagnose(t, func() error {
		wg.Go(func() {})
		wg.Wait()
		runtime.Goexit()
		return nil
	}, Bubble())
	assert.Empty(t, r.Incomplete)
	assert.NoError(t, r.Check(Lost, "without failing the test"))
}

// Packages of a user's that misuse Main: run with the go command, as
// their own tests, and read.
func TestUsersPackagesWithoutMainOrGoDeadlock(t *testing.T) {
	if inChild() {
		return
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	profile := filepath.Join(t.TempDir(), "cover.out")
	cmd := exec.Command(gocmd, "test", "-count=1", "-v", "-coverprofile="+profile, "./testdata/nomain", "./testdata/syncmutex")
	cmd.Env = append(os.Environ(), "GOFLAGS=") // without -race: quick, and enough
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "nomain holds a failing proof")
	for _, want := range []string{
		"TestMain does not call conctest.Main",                    // named in the failure
		"LockOrder proof skipped: no go-deadlock lock is in this", // asked of sync.Mutex: said so
		"which swaps sync's for them: go test -overlay",           // and the command that makes that build
		"go-deadlock (no go-deadlock lock is in this",             // not vouched for: not run
		"syncmutex: teardown ran",                                 // the user's goleak.Cleanup ran
	} {
		assert.Contains(t, string(out), want)
	}
	// The children's coverage reaches the parent's profile: transfer runs
	// only in a child, and counts.
	cover, err := os.ReadFile(profile)
	require.NoError(t, err)
	assert.Regexp(t, `syncmutex/syncmutex\.go:\d+\.\d+,\d+\.\d+ \d+ 1`, string(cover))
}

// A Hang, Blocked or Leak excerpt names the blocked function of the code
// under test in its first 15 lines: the harness's goroutines, which came
// first in the dump, are left out.
func TestExcerptsPutTheCulpritFirst(t *testing.T) {
	for file, culprit := range map[string]string{
		"hang.txt": "conctest.waitForever", "leak.txt": "conctest.leakySend",
		"locktimeout.txt": "conctest.lockHeldElsewhere", "recursive.txt": "conctest.lockTwice",
	} {
		out, err := os.ReadFile(filepath.Join("testdata", file))
		require.NoError(t, err)
		for _, f := range parse(string(out), "recorded") {
			if f.Verdict != Hang && f.Verdict != Blocked && f.Verdict != Leak {
				continue
			}
			lines := strings.SplitN(f.Excerpt(), "\n", 16)
			assert.Contains(t, strings.Join(lines[:min(15, len(lines))], "\n"), culprit, "%s: %s", file, f.Verdict)
			assert.NotContains(t, f.Excerpt(), "testing.tRunner(", "%s: %s: the test runner's goroutine is left out", file, f.Verdict)
		}
	}
}

// Under go test -json the child must not frame its output as test
// events: quoted in the parent's log, a framed "--- FAIL" of the child's
// read as a failure of the parent's test.
func TestChildIsNotFramedForTest2JSON(t *testing.T) {
	prev := flag.Lookup("test.v").Value.String()
	require.NoError(t, flag.Set("test.v", "test2json"))
	defer flag.Set("test.v", prev)
	args := childArgs("TestX", time.Now().Add(time.Minute))
	assert.Contains(t, args, "-test.v=true")
	assert.NotContains(t, strings.Join(args, " "), "test2json")
	r := &Report{Findings: parse("\x16conctest: invariant violated: boom\n", "plain")}
	assert.NoError(t, r.Check(Lost, "boom"))
}

// In a bubble's deadlock dump the test's own goroutine, waiting in
// synctest.Test for the proof it asked for, shows no engine frame: it is
// still left out. Of the code under test's goroutines, those stuck in
// its library code come before a workload in a test file that waits for
// them: the culprit before its victim.
func TestExcerptRanksTheStuckLibraryFirst(t *testing.T) {
	dump := `panic: deadlock: all goroutines in bubble are blocked [recovered, repanicked]

goroutine 20 [chan receive]:
testing/synctest.Test(0xc0000c4488, 0xc000010030)
	/usr/local/go/src/testing/synctest/synctest.go:300 +0x1b9
example.com/app_test.TestQueue(0xc0000c4488)
	/src/app/queue_test.go:31 +0x81f
testing.tRunner(0xc0000c4488, 0x6f7b98)
	/usr/local/go/src/testing/testing.go:1934 +0x21d
created by testing.(*T).Run in goroutine 1
	/usr/local/go/src/testing/testing.go:2101 +0xb13

goroutine 58 [sync.WaitGroup.Wait (durable), synctest bubble 7]:
sync.(*WaitGroup).Wait(0xc000012345)
	/usr/local/go/src/sync/waitgroup.go:118 +0x60
example.com/app_test.TestQueue.twoWorkers.func12()
	/src/app/queue_test.go:38 +0x158
created by example.com/app_test.TestQueue in goroutine 20
	/src/app/queue_test.go:31 +0x81f

goroutine 59 [sync.Cond.Wait (durable), synctest bubble 7]:
sync.(*Cond).Wait(0xc000016789)
	/usr/local/go/src/sync/cond.go:71 +0xcd
example.com/app.(*queue).Get(0xc000016780)
	/src/app/queue.go:40 +0x9c
example.com/app_test.TestQueue.twoWorkers.func12.1()
	/src/app/queue_test.go:29 +0x5b
created by example.com/app_test.TestQueue.twoWorkers.func12 in goroutine 58
	/src/app/queue_test.go:28 +0x4d
`
	ex := Finding{Verdict: Blocked, Detector: Synctest, Evidence: dump}.Excerpt()
	assert.NotContains(t, ex, "goroutine 20 ", "the test's goroutine, waiting in synctest.Test, is the harness's")
	assert.Contains(t, ex, "(1 goroutine(s) of the harness left out")
	get, wait := strings.Index(ex, "app.(*queue).Get"), strings.Index(ex, "twoWorkers.func12()")
	require.True(t, get >= 0 && wait >= 0, ex)
	assert.Less(t, get, wait, "the goroutine stuck in the library comes before the workload waiting for it:\n%s", ex)
	assert.False(t, testFunc("example.com/app_test.TestQueue.twoWorkers.func12"), "a closure inside a test is fn's")
	assert.True(t, testFunc("example.com/app_test.TestQueue"))
	assert.False(t, testFunc("example.com/app.Testify"), "Testify is no test")
}
