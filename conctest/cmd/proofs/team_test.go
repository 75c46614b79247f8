package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/racelab/racelab/conctest"
)

// TestTeamModule runs conctest/examples/team, a service module written
// the way a team writes its code and its tests (tables over maps,
// subtests, helpers, t.Parallel, setup before a proof, generics, log
// output), as its CI would: go test -race -count=3 -shuffle=on, and
// again with -trimpath. Every test of it must pass, and the proofs must
// say what they checked. Its package mustfail holds wrong proofs and
// misuses: each must fail, with a message that says why.
func TestTeamModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs another module's tests")
	}
	if os.Getenv("TEAM_MODULE") == "" {
		// A minute of its own, with its own -race builds: run as make
		// team, a step of make ci, not inside make test-race's budget.
		t.Skip("set TEAM_MODULE=1 to run it (make team)")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	dir, err := filepath.Abs("../../examples/team")
	require.NoError(t, err)
	team := teamModule{gocmd: gocmd, dir: dir}

	t.Run("pass", func(t *testing.T) {
		team.checkPass(t, 3, team.goTest(t, nil, "-race", "-count=3", "-shuffle=on", "-json", "./..."))
	})
	t.Run("pass-trimpath", func(t *testing.T) {
		records := t.TempDir()
		team.checkPass(t, 1, team.goTest(t, []string{"CONCTEST_RECORD=" + records}, "-race", "-trimpath", "-count=1", "-shuffle=on", "-json", "./..."))
		team.checkRecords(t, records)
	})
	mustFail := []string{"TEAM_MUSTFAIL=1"}
	t.Run("mustfail", func(t *testing.T) {
		run := team.goTest(t, mustFail, "-race", "-count=1", "-json", "-skip", "^TestProcessOfKilledTest$", "./mustfail")
		for _, c := range mustFailCases {
			t.Run(c.item, func(t *testing.T) { run.checkFailed(t, c.test, c.words...) })
		}
		t.Run("h-leak-is-the-leaky-fn", func(t *testing.T) {
			// The failure is the leaky function's, not another entry's
			// that a child ran in its place.
			out := run.output("example.com/team/mustfail", "TestLeakInMapTable")
			proving := regexp.MustCompile(`proving (\w+)`).FindAllStringSubmatch(out, -1)
			if len(proving) == 0 || proving[len(proving)-1][1] != "leaky" {
				t.Errorf("the proof that failed must be the leaky function's, the last one the test said it was proving:\n%s", excerptOf(out))
			}
		})
	})
	t.Run("mustfail-trimpath", func(t *testing.T) {
		// Under -trimpath, a standard-library frame's file has no GOROOT
		// to tell it by.
		run := team.goTest(t, mustFail, "-race", "-trimpath", "-count=1", "-json",
			"-run", "^(TestHangBlameOfStdlib|TestRaceBlameOfAnotherModule|TestPanicBlameOfOneLetter)$", "./mustfail")
		for _, c := range mustFailCases {
			if strings.Contains(c.item, "blame") {
				t.Run(c.item, func(t *testing.T) { run.checkFailed(t, c.test, c.words...) })
			}
		}
	})
	t.Run("g-benchmark", func(t *testing.T) {
		run := team.goTest(t, mustFail, "-race", "-run", "^$", "-bench", "^BenchmarkDrainProof$", "-benchtime", "1x", "-json", "./mustfail")
		if got := run.pkgAction("example.com/team/mustfail"); got != "fail" {
			t.Errorf("the package with the benchmark's proof: %s, want fail", got)
		}
		// The benchmark's name is no answer: the message must say it.
		if out := run.allOutput(); !strings.Contains(out, "benchmark") {
			t.Errorf("a proof from a benchmark must fail with a message about benchmarks:\n%s", excerptOf(out))
		}
	})
	t.Run("i-orphan", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("the process check is Linux-only")
		}
		const pattern = "sleep 97.531"
		if pids := pgrep(t, pattern); len(pids) > 0 {
			t.Fatalf("a %q is running already (pids %v), before the test", pattern, pids)
		}
		t.Cleanup(func() {
			for _, pid := range pgrep(t, pattern) {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
			}
		})
		run := team.goTest(t, mustFail, "-race", "-timeout", "4s", "-count=1", "-json", "-run", "^TestProcessOfKilledTest$", "./mustfail")
		if got := run.pkgAction("example.com/team/mustfail"); got != "fail" {
			t.Errorf("the test binary was to be ended by -timeout 4s; the package: %s", got)
		}
		time.Sleep(time.Second)
		if pids := pgrep(t, pattern); len(pids) > 0 {
			t.Errorf("%q (pids %v), started by fn, outlived the test binary that -timeout 4s ended; killed now", pattern, pids)
		}
	})
}

// A mustfail test, the brief's item it stands for, and the words its
// failure must hold.
var mustFailCases = []struct {
	item, test string
	words      []string
}{
	{"a-nested", "TestNestedProof", []string{"nested"}},
	{"b-closures-of-one-literal", "TestClosuresOfOneLiteral", []string{"t.Run"}},
	{"c-goroutines-at-one-site", "TestProofsFromGoroutines", []string{"t.Run"}},
	{"d-blame-of-one-letter", "TestPanicBlameOfOneLetter", []string{`"c"`}},
	{"d-recovered-panic", "TestRecoveredPanicIsNoPanic", []string{"no panic"}},
	{"e-blame-of-another-module", "TestRaceBlameOfAnotherModule", []string{"github.com/someone/else/svc.(*Metrics).recordError"}},
	{"f-blame-of-stdlib", "TestHangBlameOfStdlib", []string{"sync.(*WaitGroup).Wait"}},
	{"h-leak-in-map-table", "TestLeakInMapTable", []string{"Leak"}},
}

type teamModule struct{ gocmd, dir string }

// goTest runs go test in the team module with CI's settings: cgo on,
// no race-detector sleep at exit, a longer race history and a GODEBUG
// setting that the proofs must see too, no GOFLAGS of the caller's.
func (m teamModule) goTest(t *testing.T, env []string, args ...string) *goTestRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, m.gocmd, append([]string{"test"}, args...)...)
	cmd.Dir = m.dir
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); {
		case k == "GORACE", k == "GODEBUG", k == "GOFLAGS", k == "CGO_ENABLED", k == "TEAM_MUSTFAIL",
			strings.HasPrefix(k, "CONCTEST_"):
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, "CGO_ENABLED=1", "GORACE=atexit_sleep_ms=0 history_size=7", "GODEBUG=asyncpreemptoff=1", "GOFLAGS=")
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	stdout, err := cmd.Output()
	t.Logf("go test %s: %v (%v)", strings.Join(args, " "), time.Since(start).Round(100*time.Millisecond), err)
	require.NotErrorIs(t, ctx.Err(), context.DeadlineExceeded, "go test %s did not end", strings.Join(args, " "))
	run := readGoTest(stdout)
	require.NotEmpty(t, run.events, "go test %s printed no events\n%s%s", strings.Join(args, " "), stdout, stderr.String())
	return run
}

// One run of one test (or package, for Test ""): -count=3 gives three.
type testRun struct {
	action string // pass, fail, skip; "" if the run never ended
	out    strings.Builder
}

type goTestRun struct {
	events int
	runs   map[string][]*testRun // by package + " " + test
	text   strings.Builder       // every output line, and what was not JSON
}

func readGoTest(stream []byte) *goTestRun {
	r := &goTestRun{runs: map[string][]*testRun{}}
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			r.text.WriteString(sc.Text() + "\n")
			continue
		}
		r.events++
		key := e.Package + " " + e.Test
		runs := r.runs[key]
		if e.Action == "start" || e.Action == "run" || len(runs) == 0 {
			runs = append(runs, &testRun{})
			r.runs[key] = runs
		}
		last := runs[len(runs)-1]
		switch e.Action {
		case "output", "build-output":
			last.out.WriteString(e.Output)
			r.text.WriteString(e.Output)
		case "pass", "fail", "skip":
			last.action = e.Action
		case "build-fail":
			last.action = "fail"
		}
	}
	return r
}

// pkgAction is how a package ended: pass, fail or skip.
func (r *goTestRun) pkgAction(pkg string) string {
	runs := r.runs[pkg+" "]
	if len(runs) == 0 {
		return "(no result)"
	}
	return runs[len(runs)-1].action
}

func (r *goTestRun) allOutput() string { return r.text.String() }

// output is everything test printed, over all its runs.
func (r *goTestRun) output(pkg, test string) string {
	var b strings.Builder
	for _, run := range r.runs[pkg+" "+test] {
		b.WriteString(run.out.String())
	}
	return b.String()
}

// checkPassed fails t unless test ran n times and passed each time, and
// returns its runs.
func (r *goTestRun) checkPassed(t *testing.T, pkg, test string, n int) []*testRun {
	t.Helper()
	runs := r.runs[pkg+" "+test]
	var actions []string
	for _, run := range runs {
		actions = append(actions, orNone(run.action))
	}
	if !slices.Equal(actions, slices.Repeat([]string{"pass"}, n)) {
		i := slices.IndexFunc(runs, func(run *testRun) bool { return run.action != "pass" })
		out := "(it never ran)"
		if i >= 0 {
			out = excerptOf(runs[i].out.String())
		}
		t.Errorf("%s: %v, want %d passes; its first run that did not pass:\n%s", test, actions, n, out)
	}
	return runs
}

// checkFailed fails t unless test failed, with words in its output.
func (r *goTestRun) checkFailed(t *testing.T, test string, words ...string) {
	t.Helper()
	runs := r.runs["example.com/team/mustfail "+test]
	if len(runs) == 0 {
		t.Fatalf("%s did not run", test)
	}
	run := runs[len(runs)-1]
	out := run.out.String()
	if run.action != "fail" {
		t.Fatalf("%s must fail, and did not (%s):\n%s", test, orNone(run.action), excerptOf(out))
	}
	for _, w := range words {
		if !strings.Contains(out, w) {
			t.Errorf("%s failed, but its message does not say %q:\n%s", test, w, excerptOf(out))
		}
	}
}

func orNone(action string) string {
	if action == "" {
		return "no result"
	}
	return action
}

// checkPass checks a run of the whole module without TEAM_MUSTFAIL: every
// package and test passed, each listed test ran count times and passed,
// and the proofs logged what they checked.
func (m teamModule) checkPass(t *testing.T, count int, run *goTestRun) {
	const svc, spool = "example.com/team/svc", "example.com/team/spool"
	t.Run("packages", func(t *testing.T) {
		for _, pkg := range []string{svc, spool, "example.com/team/mustfail"} {
			if got := run.pkgAction(pkg); got != "pass" {
				// The package's own lines: goleak's and go-deadlock's
				// reports at its end name no test.
				t.Errorf("%s: %s\n%s", pkg, got, excerptOf(run.output(pkg, "")))
			}
		}
		var failed []string
		for key, runs := range run.runs {
			n := 0
			for _, r := range runs {
				if r.action == "fail" {
					n++
				}
			}
			if _, test, _ := strings.Cut(key, " "); n > 0 && test != "" {
				failed = append(failed, fmt.Sprintf("%s (%d of %d runs): %s", test, n, len(runs), firstMessage(runs[0].out.String())))
			}
		}
		slices.Sort(failed)
		if len(failed) > 0 {
			t.Errorf("%d tests failed:\n%s", len(failed), strings.Join(failed, "\n"))
		}
	})
	item := func(name, pkg string, tests ...string) {
		t.Run(name, func(t *testing.T) {
			for _, test := range tests {
				run.checkPassed(t, pkg, test, count)
			}
		})
	}
	item("1-table-of-named-functions", svc, "TestDiagnoseTable", "TestFixesAreClean")
	// Each detector's marker text, printed by correct code: ProveClean
	// passes, and Diagnose says Clean.
	markers := []string{"TestRelayedOutputIsNotAFinding", "TestRelayedOutputDiagnosis",
		"TestPoolSurvivesPanickingJob", "TestPoolPanickingJobDiagnosis", "TestFailedReloadIsLogged"}
	for _, sub := range []string{"config", "race", "deadlock", "lock_order", "timeout", "leak", "bubble", "invariant", "test", "job_panic"} {
		markers = append(markers, "TestRelayedOutputIsNotAFinding/"+sub, "TestRelayedOutputDiagnosis/"+sub)
	}
	item("2-marker-text-from-code", svc, markers...)
	t.Run("3-generics", func(t *testing.T) {
		for _, r := range run.checkPassed(t, svc, "TestCounterIncRaces", count) {
			if out := r.out.String(); r.action == "pass" && !strings.Contains(out, "proven: Race by race, blaming svc.(*Counter).Inc") {
				t.Errorf("TestCounterIncRaces logged no proof of its race:\n%s", provenLines(out))
			}
		}
		run.checkPassed(t, svc, "TestLockedCounter/int", count)
		run.checkPassed(t, svc, "TestLockedCounter/int64", count)
		// Diagnose with a Twin, in subtests over a map: the twin's race
		// is proven from the report of the fix's own child.
		for _, sub := range []string{"int", "int64"} {
			for _, r := range run.checkPassed(t, svc, "TestLockedCounterDiagnosis/"+sub, count) {
				if out := r.out.String(); r.action == "pass" && !strings.Contains(out, "proven: Race by race, blaming svc.(*Counter).Inc") {
					t.Errorf("TestLockedCounterDiagnosis/%s logged no proof of its twin's race:\n%s", sub, provenLines(out))
				}
			}
		}
	})
	item("4-goleak-options-of-main", svc, "TestDefaultStoreUnderLoad", "TestDefaultStore")
	t.Run("5-go-deadlock-in-ordinary-tests", func(t *testing.T) {
		if got := run.pkgAction(spool); got != "pass" {
			t.Errorf("the package whose ordinary test holds a go-deadlock lock 700 ms: %s\n%s", got, excerptOf(run.output(spool, "")))
		}
		run.checkPassed(t, spool, "TestAddWaitsForSlowFlush", count)
		for _, r := range run.checkPassed(t, spool, "TestProducersAndFlushes", count) {
			out := r.out.String()
			if r.action == "pass" && (!regexp.MustCompile(`proven: Clean under .*go-deadlock`).MatchString(out) || strings.Contains(out, "not run: go-deadlock")) {
				t.Errorf("go-deadlock runs in a package that uses its mutex, and the proof must say it checked:\n%s", provenLines(out))
			}
		}
	})
	item("6-setup-before-a-proof", svc, "TestLimitsOfFixture", "TestLoadFromTestdata", "TestReloadThenDrain")
	item("7-GORACE-GODEBUG-reach-the-proof", svc, "TestProofsRunWithCISettings")
	t.Run("8-go-deadlock-said-not-run", func(t *testing.T) {
		for i, r := range run.checkPassed(t, svc, "TestReloadWhileServing", count) {
			if out := r.out.String(); r.action == "pass" && !strings.Contains(out, "; not run: go-deadlock (") {
				t.Errorf("run %d: a ProveClean in a binary with no go-deadlock lock must say \"; not run: go-deadlock (...)\"; it said:\n%s", i+1, provenLines(out))
			}
		}
	})
	item("controls", svc, "TestObserveRaces", "TestObserveLocked", "TestPoolDrains", "TestCounterCounts", "TestSnapshot")
}

// checkRecords checks the records the team's tests left in dir
// (CONCTEST_RECORD): a proof in a subtest of a table, over a map, of a
// generic type, or from a package whose ordinary tests hold a go-deadlock
// lock has the record of its own call, with what its runs said; a test
// that made no call has none, once its package is done.
func (m teamModule) checkRecords(t *testing.T, dir string) {
	t.Setenv("CONCTEST_RECORD", dir)
	svc, spool := filepath.Join(m.dir, "svc"), filepath.Join(m.dir, "spool")
	record := func(t *testing.T, pkgDir, test string) *conctest.Record {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // the run is over
		defer cancel()
		rec, err := conctest.AwaitRecord(ctx, pkgDir, test)
		require.NoError(t, err, "%s's record", test)
		require.NotNil(t, rec.Report, "%s's record holds no report", test)
		require.Equal(t, test, rec.Test)
		return rec
	}
	t.Run("records", func(t *testing.T) {
		const blame = "svc.(*Counter).Inc"
		rec := record(t, svc, "TestCounterIncRaces")
		if rec.Call != "Prove" || rec.Want != conctest.Race || rec.Blame != blame {
			t.Errorf("TestCounterIncRaces: %s of %s blaming %s, want Prove of Race blaming %s", rec.Call, rec.Want, rec.Blame, blame)
		}
		require.NoError(t, rec.Report.Check(conctest.Race, blame))
		for _, test := range []string{"TestLockedCounter/int", "TestLockedCounter/int64", "TestRelayedOutputIsNotAFinding/race", "TestRelayedOutputIsNotAFinding/leak"} {
			rec := record(t, svc, test)
			if rec.Call != "ProveClean" || rec.Report.Check(conctest.Clean, "") != nil {
				t.Errorf("%s: %s, clean: %v; want a clean ProveClean", test, rec.Call, rec.Report.Check(conctest.Clean, ""))
			}
		}
		for _, test := range []string{"TestLockedCounter/int", "TestLockedCounterDiagnosis/int64"} {
			rec := record(t, svc, test)
			if rec.TwinWant != conctest.Race || rec.TwinBlame != blame || rec.Report.Twin == nil {
				t.Fatalf("%s: twin %s blaming %s (run: %t), want Race blaming %s, run", test, rec.TwinWant, rec.TwinBlame, rec.Report.Twin != nil, blame)
			}
			require.NoError(t, rec.Report.Twin.Check(conctest.Race, blame), "%s's twin", test)
		}
		if rec := record(t, svc, "TestLockedCounterDiagnosis/int"); rec.Call != "Diagnose" {
			t.Errorf("TestLockedCounterDiagnosis/int: %s, want Diagnose", rec.Call)
		}
		if rec := record(t, spool, "TestProducersAndFlushes"); rec.Call != "ProveClean" || rec.LockWait != 2*time.Second {
			t.Errorf("TestProducersAndFlushes: %s with go-deadlock's timeout %v, want ProveClean's 2s", rec.Call, rec.LockWait)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conctest.AwaitRecord(ctx, svc, "TestSnapshot"); !errors.Is(err, conctest.ErrNoRecord) {
			t.Errorf("TestSnapshot makes no proof: %v, want ErrNoRecord", err)
		}
	})
}

// provenLines are the lines of a test's output that say what a proof
// proved.
func provenLines(out string) string {
	var lines []string
	for line := range strings.Lines(out) {
		if strings.Contains(line, "proven: ") {
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	if len(lines) == 0 {
		return "(no \"proven:\" line)"
	}
	return strings.Join(lines, "\n")
}

// pgrep returns the pids of the processes whose command line matches
// pattern.
func pgrep(t *testing.T, pattern string) []int {
	out, err := exec.Command("pgrep", "-f", pattern).Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: none
		t.Fatalf("pgrep: %v", err)
	}
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// excerptOf keeps a test's output readable in a failure message.
func excerptOf(s string) string {
	const max = 40
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= max {
		return s
	}
	return strings.Join(lines[:max], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-max)
}

// firstMessage is the message a failed test's output leads with.
func firstMessage(out string) string {
	m, _ := failureMessage(out)
	return m
}
