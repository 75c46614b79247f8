package conctest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sasha-s/go-deadlock"
)

// calls remembers, for each running test, the calls it has made and the
// reports of those that returned one, so that a child process, which
// re-runs the test's body to reach its call, can be held to the same
// call and given the same results on the way there.
var calls = struct {
	sync.Mutex
	tests   map[string]bool               // running tests that made a call
	seen    map[string]bool               // call ids, per run of a test
	results map[string]map[string]*Report // top-level test -> call id -> Diagnose's report
}{tests: map[string]bool{}, seen: map[string]bool{}, results: map[string]map[string]*Report{}}

type entry struct {
	id     string  // see callID
	child  bool    // this process is a child
	run    string  // in a child: the mode to run, if this is its call
	replay *Report // in a child: the parent's report of an earlier call
}

// callID names one call: the test, the path of call sites that reached
// the engine from it (the test's line and those of its helpers), and the
// function under test. A child that re-runs the test's body runs the
// call with the same id, whatever order the body makes its calls in; and
// the parent refuses a second call with the same id in one run of a
// test, because a child could not tell the two apart.
func callID(t testing.TB, fn func() error) string {
	return t.Name() + "@" + callPath() + "@" + fnName(fn)
}

// fnName is the name of fn's code: a named function, a method value
// ("p.(*T).M-fm") or a closure ("p.TestX.func1").
func fnName(fn func() error) string {
	if f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()); f != nil {
		return f.Name()
	}
	return "?"
}

// enter registers a call of the engine's and says what this process
// makes of it. In the parent it fails t for a call the child could not
// tell from an earlier one; in a child, it finds the call to run, or
// the parent's result of a call on the way to it, or a nested call.
func enter(t testing.TB, call string, fn func() error) entry {
	t.Helper()
	id := callID(t, fn)
	if child != nil {
		switch {
		case child.running.Load():
			child.error("conctest.%s was called inside the function under test (nested, at %s): fn runs in a child process, where a proof of its own cannot run; call conctest from the test, not from fn", call, callPath())
			return entry{id: id, child: true}
		case id == child.id:
			child.reached.Store(true)
			return entry{id: id, child: true, run: child.mode}
		}
		return entry{id: id, child: true, replay: child.replay[id]}
	}
	calls.Lock()
	defer calls.Unlock()
	if calls.seen[id] {
		t.Fatalf("conctest.%s: %s was called a second time from the same place in %s (%s): a proof runs in a child process that re-runs the test to reach its call, and cannot tell two calls of one function from one place apart, for their order can change (a map's iteration order, goroutines); give each call a subtest of its own with t.Run", call, fnName(fn), t.Name(), callPath())
	}
	if !calls.tests[t.Name()] {
		calls.tests[t.Name()] = true
		t.Cleanup(func() { forget(t) })
	}
	calls.seen[id] = true
	return entry{id: id}
}

// forget drops what t's run remembered: go test -count runs it again.
func forget(t testing.TB) {
	calls.Lock()
	defer calls.Unlock()
	delete(calls.tests, t.Name())
	for k := range calls.seen {
		if strings.HasPrefix(k, t.Name()+"@") {
			delete(calls.seen, k)
		}
	}
	if !strings.Contains(t.Name(), "/") {
		delete(calls.results, t.Name())
	}
}

// remember keeps the report of call id for the children of the test's
// later calls.
func remember(t testing.TB, id string, r *Report) {
	top, _, _ := strings.Cut(t.Name(), "/")
	calls.Lock()
	defer calls.Unlock()
	if calls.results[top] == nil {
		calls.results[top] = map[string]*Report{}
	}
	calls.results[top][id] = r
}

// earlier returns the reports of the calls that t and the tests it runs
// in have made so far: those a child that re-runs the way to t's call
// makes on its way. (A sibling subtest's calls are not on the way: the
// child's -test.run skips that subtest.)
func earlier(t testing.TB) map[string]*Report {
	top, _, _ := strings.Cut(t.Name(), "/")
	calls.Lock()
	defer calls.Unlock()
	m := map[string]*Report{}
	for id, r := range calls.results[top] {
		for name := t.Name(); ; {
			if strings.HasPrefix(id, name+"@") {
				m[id] = r
				break
			}
			i := strings.LastIndexByte(name, '/')
			if i < 0 {
				break
			}
			name = name[:i]
		}
	}
	return m
}

// enginePrefix starts the name of every function of this package.
const enginePrefix = "github.com/racelab/racelab/conctest."

// callPath is the file and line of each caller outside the engine, from
// the one that called Prove, ProveClean or Diagnose to the test function
// (or the goroutine's first function): "helper_test.go:12<x_test.go:30".
func callPath() string {
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(3, pc)])
	var path []string
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "testing.tRunner" || f.Function == "runtime.goexit":
			more = false
		case strings.HasPrefix(f.Function, enginePrefix) && !strings.HasSuffix(f.File, "_test.go"):
		case strings.HasPrefix(f.Function, "testing.") || strings.HasPrefix(f.Function, "runtime."):
		default:
			path = append(path, fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line))
		}
		if !more {
			break
		}
	}
	if len(path) == 0 {
		return "?"
	}
	return strings.Join(path, "<")
}

// realT returns the *testing.T behind t, or nil for a benchmark, a fuzz
// target or a wrapper that does not say. A wrapper of *testing.T says so
// with a method T() *testing.T; the engine's own fake does with realT.
func realT(t testing.TB) *testing.T {
	switch t := t.(type) {
	case *testing.T:
		return t
	case interface{ realT() *testing.T }:
		return t.realT()
	case interface{ T() *testing.T }:
		return t.T()
	}
	return nil
}

// isBenchmark reports whether t is a benchmark's, directly or through a
// wrapper that says so.
func isBenchmark(t testing.TB) bool {
	switch t := t.(type) {
	case *testing.B:
		return true
	case interface{ B() *testing.B }:
		return t.B() != nil
	}
	return false
}

func benchmarking() bool {
	if !flag.Parsed() {
		flag.Parse()
	}
	f := flag.Lookup("test.bench")
	return f != nil && f.Value.String() != ""
}

// runPattern is the -test.run pattern that selects exactly the test name.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// hardDeadline is how long a child may run once it has reached its call:
// Repeat's budget and two watchdogs, and room to start and exit.
func (c config) hardDeadline() time.Duration { return c.budget + 2*c.watchdog + 7*time.Second }

// startDir is the directory the test binary started in: a child starts
// there too, whatever the test did with t.Chdir before its call, as the
// child makes the same t.Chdir on its way to the call.
var startDir, _ = os.Getwd()

// A childCmd is a child made ready to start: its command, its channel,
// its TMPDIR and the test's deadline for reaching the call.
type childCmd struct {
	cmd          *exec.Cmd
	cancel       context.CancelFunc
	channel, tmp string
	setup        time.Time
}

// newChild prepares a child that re-executes the test binary to run call
// id in mode (halting at the first report of halt, if set), with its
// channel, its TMPDIR and the replay of the calls on its way.
func newChild(t testing.TB, id, mode string, halt Verdict) (childCmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return childCmd{}, fmt.Errorf("cannot find the test binary to re-execute: %v", err)
	}
	tmp, own := t.TempDir(), t.TempDir()
	channel := filepath.Join(own, "channel")
	if err := os.WriteFile(channel, nil, 0o600); err != nil {
		return childCmd{}, fmt.Errorf("cannot make the child's channel: %v", err)
	}
	replay := ""
	if prev := earlier(t); len(prev) > 0 {
		replay = filepath.Join(own, "replay.json")
		if err := writeReplay(replay, prev); err != nil {
			return childCmd{}, fmt.Errorf("cannot hand the test's earlier results to the child: %v", err)
		}
	}
	setup := setupDeadline(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, exe, childArgs(t.Name(), setup)...)
	cmd.Dir = startDir
	cmd.Env = childEnv(id, mode, halt, tmp, channel, replay)
	return childCmd{cmd, cancel, channel, tmp, setup}, nil
}

// A childRun is what a child left: its records, its output, how it ended
// and how long it ran.
type childRun struct {
	ch             *channelReader
	stdout, stderr string
	err            error  // the child's exit
	killed         string // why the parent killed it, if it did
	elapsed        time.Duration
}

// pollEvery is how often the parent reads a running child's channel.
const pollEvery = 250 * time.Millisecond

// run starts the child and waits for it to end, killing it once a run
// has gone on past its hard deadline (a begin record's Limit, or hard),
// or once it has begun no run by the test's deadline. The error is the
// child's start's.
func (c childCmd) run(hard time.Duration) (childRun, error) {
	defer c.cancel()
	var stdout, stderr bytes.Buffer
	c.cmd.Stdout, c.cmd.Stderr = &stdout, &stderr
	// A process that fn started may hold the child's output open long
	// after the child has gone: stop reading it, and waiting, then.
	c.cmd.WaitDelay = waitDelay
	ownProcessGroup(c.cmd)
	start := time.Now()
	if err := c.cmd.Start(); err != nil {
		return childRun{}, err
	}
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	r := childRun{ch: &channelReader{path: c.channel}}
	// The channel is read for its begin records, which start the hard
	// deadline: a deadline of seconds needs no finer look. (Read every
	// 20 ms, the reads alone took 11% of perf's samples in the catalog's
	// parent.) The child's end is seen at once, on done.
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var began time.Time // of the run now running
	limit, seen := hard, 0
wait:
	for {
		select {
		case r.err = <-done:
			break wait
		case <-tick.C:
		}
		r.ch.poll()
		for _, rec := range r.ch.records[seen:] {
			if rec.Kind == kindBegin {
				began, limit = time.Now(), cmp.Or(rec.Limit, hard)
			}
		}
		switch {
		case r.killed != "":
		case !began.IsZero() && time.Since(began) > limit:
			r.killed = fmt.Sprintf("the child was killed %v after it began its run (hard deadline)", limit)
		case began.IsZero() && time.Now().After(c.setup):
			r.killed = fmt.Sprintf("the child was killed after %v: it had not reached the call by the test's deadline (the test's setup before the call runs again in the child)", time.Since(start).Round(time.Millisecond))
		}
		seen = len(r.ch.records)
		if r.killed != "" {
			c.cancel()
		}
	}
	r.elapsed = time.Since(start)
	killProcessGroup(c.cmd)
	r.ch.poll()
	r.stdout, r.stderr = stdout.String(), stderr.String()
	return r, nil
}

// spawn re-executes the test binary to run call id in mode, and reads the
// child's report. want, if set, lets the child stop at the first report
// of that verdict. The child re-runs the test's body up to the call, and
// that setup is bounded by the test's own deadline only; the call's run,
// from the child's begin record on, by the hard deadline.
func spawn(t testing.TB, id, mode string, cfg config, want Verdict) *Report {
	t.Helper()
	failed := func(format string, args ...any) *Report {
		return &Report{RaceOff: !raceEnabled, Incomplete: fmt.Sprintf(format, args...)}
	}
	halt := want
	if cfg.tries > 1 && want == Race {
		halt = "" // the tries see the race in the log, and say when it came
	}
	c, err := newChild(t, id, mode, halt)
	if err != nil {
		return failed("%v", err)
	}
	out, err := c.run(cfg.hardDeadline())
	if err != nil {
		return failed("cannot start the child: %v", err)
	}
	return readReport(out.ch, raceLog(c.tmp), out.stdout, out.stderr, mode, id, out.err, out.killed, out.elapsed)
}

// writeReplay writes the reports of a test's earlier calls to path, for
// a child.
func writeReplay(path string, prev map[string]*Report) error {
	data, err := json.Marshal(prev)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// setupDeadline is when a child that has not reached its call is given
// up: a little before the test's own deadline, so that the parent says
// why before go test's timeout ends everything.
func setupDeadline(t testing.TB) time.Time {
	if tt := realT(t); tt != nil {
		if d, ok := tt.Deadline(); ok {
			return d.Add(-2 * time.Second)
		}
	}
	return time.Now().Add(10 * time.Minute)
}

// waitDelay is how long the parent reads a child's output after the child
// has exited or been killed.
const waitDelay = time.Second

// readReport makes a child's report from its channel, its race logs and,
// if it crashed after reaching its call, the runtime's crash report. Its
// stdout and stderr are context: they make the Output, not the verdicts.
func readReport(ch *channelReader, races, stdout, stderr, mode, id string, err error, killed string, elapsed time.Duration) *Report {
	r := &Report{Elapsed: elapsed, RaceOff: !raceEnabled, LeakProfileOn: leakProfile() != nil, Tries: 1, MaxTries: 1}
	var errs []string
	var evidence []string
	began, ended := false, false
	for _, rec := range ch.records {
		switch rec.Kind {
		case kindBegin:
			began = true
		case kindEnd:
			ended = true
		case kindFinding:
			r.Findings = append(r.Findings, Finding{Verdict: rec.Verdict, Detector: rec.Detector, Run: mode, Evidence: rec.Text})
			evidence = append(evidence, rec.Text)
		case kindError:
			errs = append(errs, rec.Text)
		case kindTries:
			r.Tries, r.MaxTries, r.After = rec.Tries, rec.MaxTries, rec.After
		case kindNote:
			r.Notes = append(r.Notes, rec.Text)
		}
	}
	for _, line := range ch.bad {
		errs = append(errs, "an unreadable record on the child's channel: "+line)
	}
	for _, f := range parse(races, mode) {
		if f.Verdict == Race { // the race log holds only the race detector's reports
			f.Detector = RaceDetector
			r.Findings = append(r.Findings, f)
		}
	}
	var exit *exec.ExitError
	crashed := errors.As(err, &exit) && exit.ExitCode() == crashStatus && killed == ""
	if crashed {
		if rep, ok := crashReport(stderr); ok && began {
			r.Findings = append(r.Findings, crashFinding(rep, mode))
		} else if ok {
			head, _, _ := strings.Cut(rep, "\n")
			errs = append(errs, "the child crashed before it reached the call, in the test's own code on the way there: "+head)
		}
	}
	for i, f := range r.Findings {
		if f.Verdict == Lost && strings.Contains(f.Evidence, goexitLine) {
			r.Findings[i].Evidence += "\n" + failureLog(stdout)
		}
	}
	r.Output = strings.Join(append(evidence, races, shown(stdout), shown(stderr)), "\n")
	switch {
	case killed != "":
		r.Incomplete = killed
	case len(errs) > 0:
		r.Incomplete = strings.Join(errs, "; ")
	case !began:
		r.Incomplete = fmt.Sprintf("the child never reached the call (%s) and said nothing (exit: %v): does the package's TestMain call conctest.Main?", id, err)
	case len(r.Findings) > 0:
	case !ended:
		r.Incomplete = fmt.Sprintf("the child ended in the middle of its run, with no detector's report (exit: %v)", err)
	case err != nil && !errors.Is(err, exec.ErrWaitDelay):
		r.Incomplete = fmt.Sprintf("the child failed (%v) with no detector's report", err)
	}
	return r
}

// shown is a child's stdout or stderr without the testing package's
// lines about the child's own test (=== RUN, --- PASS, PASS, ok), which
// would read as the parent's.
func shown(out string) string {
	var b strings.Builder
	for line := range strings.Lines(out) {
		l := strings.TrimPrefix(line, "\x16")
		if testingLine.MatchString(l) {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

var testingLine = lineRegexp(`^(=== (RUN|PAUSE|CONT|NAME)|\s*--- (PASS|FAIL|SKIP)|PASS$|FAIL$|ok\s)`, "=== ", "--- ", "PASS", "FAIL", "ok").afterBlanks()

// childArgs runs exactly the parent's test in the child, with the
// parent's flags (-short, -v, the package's own flags...) but for those
// that would make it run something else, write the parent's files, or
// outlive its bounds. Its -test.timeout is the parent's deadline: the
// parent bounds the run itself.
func childArgs(name string, setup time.Time) []string {
	// -test.v=true: a message the test logs comes out as it is logged,
	// not at the test's end, which a child never reaches; and never go
	// test -json's framing, whose "--- FAIL" lines of the child's would
	// read as the parent's own in its log.
	args := []string{"-test.run=" + runPattern(name), "-test.count=1", "-test.v=true",
		"-test.timeout=" + max(time.Until(setup), time.Second).Round(time.Millisecond).String()}
	flag.Visit(func(f *flag.Flag) {
		if inheritedFlag(f.Name) && f.Name != "test.v" {
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	return args
}

// inheritedFlag reports whether a child gets the parent's value of flag
// name: every flag but those that select tests, repeat or shuffle them,
// bound them, or write files (profiles, the go command's test log), which
// the child must not overwrite. Coverage is the exception: a child's
// counters go to the parent's -test.gocoverdir, where go test merges
// them, so code proven in a child counts as covered.
func inheritedFlag(name string) bool {
	test, ok := strings.CutPrefix(name, "test.")
	if !ok {
		return true // the package's own flags
	}
	switch test {
	case "short", "v", "failfast", "parallel", "fullpath", "gocoverdir":
		return true
	}
	return false
}

// raceLogName is the race detector's log_path in a child's temporary
// directory: each race-built process the child runs (the child itself,
// and any worker process it starts) writes its reports to
// raceLogName.<pid> there.
const raceLogName = "race"

// raceLog returns the race reports the processes of one child wrote in
// dir, in the order of their names. The directory is listed, not globbed:
// a TMPDIR whose name holds a pattern's metacharacters ("[1]") would
// match nothing, and a race would be lost.
func raceLog(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), raceLogName+".") {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
			b.Write(data)
		}
	}
	return b.String()
}

// failureLog returns the messages the child's test logged (t.Log,
// t.Error, t.Fatal): "    file_test.go:12: message" lines, wherever the
// testing package printed them (under its "--- FAIL" line, or as they
// came with -v), without test2json's framing byte. They are shown with a
// Lost that fn's t.Fatal made, as its message; they decide no verdict.
func failureLog(stdout string) string {
	var b strings.Builder
	for line := range strings.Lines(stdout) {
		line = strings.TrimPrefix(line, "\x16")
		if testLogLine().MatchString(line) {
			b.WriteString(line)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// testLogLine is a message a test logged.
var testLogLine = lazyRegexp(`^\s+\S+\.go:\d+: `)

// childEnv is the parent's environment with the engine's settings added:
// the user's GORACE kept, with the race reports written to files of the
// child's own (so a panic printed at the same moment cannot cut into
// one) and no 1 s sleep at exit; the user's GODEBUG kept; tracebacks of
// every goroutine; the parent's current GOMAXPROCS (so go test -cpu 1,2
// reaches it); temporary files in the parent's t.TempDir, removed
// whatever the child does; and the call to run, with its channel.
func childEnv(id, mode string, want Verdict, tmp, channel, replay string) []string {
	var env []string
	gorace := ""
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GORACE":
			gorace = v + " "
			continue
		case "GOMAXPROCS", "GOTRACEBACK", "TMPDIR", channelEnv, caseEnv, modeEnv, stopEnv, replayEnv:
			continue
		}
		env = append(env, kv)
	}
	// Later options win in the sanitizer's parser; the path is quoted,
	// as it allows, for a TMPDIR with spaces.
	gorace += fmt.Sprintf(`atexit_sleep_ms=0 log_path="%s"`, filepath.Join(tmp, raceLogName))
	if want == Race {
		gorace += " halt_on_error=1"
	}
	env = append(env, "GORACE="+gorace,
		"GOTRACEBACK=all", // a crash shows every goroutine
		fmt.Sprintf("GOMAXPROCS=%d", runtime.GOMAXPROCS(0)),
		"TMPDIR="+tmp,
		channelEnv+"="+channel, caseEnv+"="+id, modeEnv+"="+mode)
	if replay != "" {
		env = append(env, replayEnv+"="+replay)
	}
	if want.Detector() == GoDeadlock {
		env = append(env, stopEnv+"="+stopDeadlock)
	}
	return env
}

// runChild runs fn under every detector and records what they said,
// between begin and end records, then ends the child: the test's body
// after its call is the parent's to run.
func runChild(t testing.TB, mode string, fn func() error, cfg config) {
	child.send(channelRecord{Kind: kindBegin})
	switch mode {
	case modeTwinPlain, modeTwinBubble:
		if cfg.twin == nil {
			child.error("the parent asked for a twin this call does not have")
			finish()
		}
	}
	runStep(t, mode, fn, cfg)
	finish()
}

// runStep makes one run of a call: fn's, or its twin's, in mode.
func runStep(t testing.TB, mode string, fn func() error, cfg config) {
	switch mode {
	case modeTwinPlain, modeTwinBubble:
		fn, cfg = cfg.twin.fn, cfg.forTwin()
	}
	// Only this call runs in the child, and no lock is held yet.
	deadlock.Opts.DeadlockTimeout = cfg.lockWait
	child.running.Store(true)
	defer child.running.Store(false)
	switch mode {
	case modePlain, modeTwinPlain:
		runPlain(t, fn, cfg)
	case modeBubble, modeTwinBubble:
		runBubble(t, fn, cfg)
	default:
		child.error("unknown mode %q", mode)
	}
}

// finish ends a child's run: the end record, then the process. Exit
// hooks still run, so a child's coverage counters reach the parent's
// -test.gocoverdir.
func finish() {
	end := channelRecord{Kind: kindEnd}
	if child.steps {
		end.Races, end.After = raceSizes(), time.Since(child.began)
	}
	child.send(end)
	os.Exit(0)
}
