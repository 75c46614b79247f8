package conctest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sasha-s/go-deadlock"
)

// The parent names the call a child must run in caseEnv and the run in
// modeEnv. stopEnv asks the child to exit at the first go-deadlock
// report, so such proofs never wait for a real hang.
const (
	caseEnv      = "CONCTEST_CASE"
	modeEnv      = "CONCTEST_MODE"
	stopEnv      = "CONCTEST_STOP"
	stopDeadlock = "go-deadlock"
	modePlain    = "plain"
	modeBubble   = "bubble"
	// A twin's runs: the broken code a fixed proof's workload must flag.
	modeTwinPlain  = "twin-plain"
	modeTwinBubble = "twin-bubble"
)

// calls numbers the conctest calls made from each call site of each
// running test, so that a child runs exactly the call its parent made:
// the same line of the same test, the same number of times round a loop.
// A call that a flag such as -short leaves out in one process is left out
// in the other too (the child gets the parent's flags), and if they still
// disagree, the call site tells: the child never runs the case, and the
// report says so.
var calls = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

type entry struct {
	id    string // "<test name>@<file>:<line>#<call number>"
	child bool   // this process is a child
	match string // in a child: the mode to run, if this is its call
}

func enter(t testing.TB) entry {
	key := t.Name() + "@" + callSite()
	calls.Lock()
	if calls.n[key] == 0 {
		t.Cleanup(func() { calls.Lock(); delete(calls.n, key); calls.Unlock() })
	}
	calls.n[key]++
	id := fmt.Sprintf("%s#%d", key, calls.n[key])
	calls.Unlock()
	want := os.Getenv(caseEnv)
	if want == "" {
		return entry{id: id}
	}
	e := entry{id: id, child: true}
	if want == id {
		e.match = os.Getenv(modeEnv)
	}
	return e
}

// enginePrefix starts the name of every function of this package.
const enginePrefix = "github.com/racelab/racelab/conctest."

// callSite is the file and line of the first caller outside the engine:
// the line of the test (or of the user's helper) that called Prove,
// ProveClean or Diagnose.
func callSite() string {
	pc := make([]uintptr, 32)
	frames := runtime.CallersFrames(pc[:runtime.Callers(3, pc)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, enginePrefix) || strings.HasSuffix(f.File, "_test.go") {
			return fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line)
		}
		if !more {
			return "?"
		}
	}
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

// childTimeout is the child's -test.timeout: a backstop behind the
// watchdog. The parent kills the child's process group past hardDeadline.
func (c config) childTimeout() time.Duration { return c.budget + 2*c.watchdog + 2*time.Second }
func (c config) hardDeadline() time.Duration { return c.childTimeout() + 5*time.Second }

// spawn re-executes the test binary to run call id in mode, and parses
// what the child printed. want, if set, lets the child stop at the first
// report of that verdict.
func spawn(t testing.TB, id, mode string, cfg config, want Verdict) *Report {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("conctest: cannot find the test binary to re-execute: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.hardDeadline())
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, childArgs(t.Name(), cfg)...)
	tmp := t.TempDir()
	halt := want
	if cfg.tries > 1 && want == Race {
		halt = "" // the tries see the race in the log, and say when it came
	}
	cmd.Env = childEnv(id, mode, halt, tmp)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// A process that fn started may hold the child's output open long
	// after the child has gone: stop reading it, and waiting, then.
	cmd.WaitDelay = waitDelay
	ownProcessGroup(cmd)
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	killProcessGroup(cmd)
	r := &Report{Elapsed: elapsed, RaceOff: !raceEnabled, LeakProfileOn: leakProfile() != nil}
	r.Output, r.Findings = parseStreams(stdout.String(), raceLog(tmp), stderr.String(), mode)
	r.readTries(stdout.String())
	r.Incomplete = incomplete(r, ctx.Err() != nil, err, id+":"+mode, cfg)
	return r
}

// waitDelay is how long the parent reads a child's output after the child
// has exited or been killed.
const waitDelay = time.Second

// incomplete says why a child's report may lack verdicts, or "". The
// child's exit status is reconciled with its findings: a child that
// failed with nothing to show for it lost its evidence somewhere, and
// that is never Clean.
func incomplete(r *Report, killed bool, err error, run string, cfg config) string {
	var exit *exec.ExitError
	failed := errors.As(err, &exit) && !exit.Success()
	lines := ownErrors(r.Output)
	switch {
	case killed:
		return fmt.Sprintf("the child was killed after %v (hard deadline)", cfg.hardDeadline())
	case len(lines) > 0:
		return strings.Join(lines, "; ")
	case !strings.Contains(r.Output, beginLine+run+"\n"):
		return fmt.Sprintf("the child never ran case %s (exit: %v): does its test make the same conctest calls in the same order with the same flags, and does the package's TestMain call conctest.Main?", run, err)
	case strings.Contains(r.Output, "race detected during execution of test") && !hasRace(r):
		return "the child says a race was detected, but no race report reached the parent"
	case len(r.Findings) > 0:
		return ""
	case !strings.Contains(r.Output, endLine+run+"\n"):
		return fmt.Sprintf("the child ended before the end of its run, with no verdict (exit: %v)", err)
	case failed:
		return fmt.Sprintf("the child failed (%v) with no detector's report", err)
	case err != nil && !errors.Is(err, exec.ErrWaitDelay):
		return fmt.Sprintf("the child could not be run to its end: %v", err)
	}
	return ""
}

func hasRace(r *Report) bool { return r.Has(Race) }

// ownErrors returns the child's own error lines: a run the engine could
// not make as asked.
func ownErrors(out string) []string {
	var errs []string
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, errorLine) {
			errs = append(errs, strings.TrimSpace(strings.TrimPrefix(line, errorLine)))
		}
	}
	return errs
}

// childArgs runs exactly the parent's test in the child, with the
// parent's flags (-short, -v, the package's own flags...) but for those
// that would make it run something else, write the parent's files, or
// outlive its bounds.
func childArgs(name string, cfg config) []string {
	args := []string{"-test.run=" + runPattern(name), "-test.count=1", "-test.timeout=" + cfg.childTimeout().String()}
	flag.Visit(func(f *flag.Flag) {
		if !inheritedFlag(f.Name) {
			return
		}
		v := f.Value.String()
		if f.Name == "test.v" && v == "test2json" {
			// go test -json's framing: the child's output is the parent's
			// to read, and a framed "--- FAIL" line of the child's that
			// reached the parent's log would read as the parent's own.
			v = "true"
		}
		args = append(args, "-"+f.Name+"="+v)
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

// say prints one of the child's own lines (begin and end, the invariant,
// goleak, the leak profile, the watchdog's dump) on stdout, each in one
// write. The detectors in the child's runtime print a report in many
// writes, at any moment: sharing one stream, a line of ours could land
// inside a report, hiding the marker that starts it and splitting the
// report from the stack that names the culprit. So each writer has its
// own stream: the child's lines on stdout, the race detector's reports in
// their own file (raceLogName), the runtime's panics, synctest's and
// go-deadlock's on stderr.
func say(format string, args ...any) { fmt.Fprintf(os.Stdout, format, args...) }

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
		return fmt.Sprintf("conctest: error: cannot list the race logs: %v\n", err)
	}
	var b strings.Builder
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), raceLogName+".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			fmt.Fprintf(&b, "conctest: error: cannot read the race log: %v\n", err)
			continue
		}
		b.Write(data)
	}
	return b.String()
}

// parseStreams returns what a child printed, its own lines first, and the
// findings in it: the race reports, the rest of the detectors' (stderr),
// then the child's own (stdout). Each stream is parsed on its own, so
// none can cut a finding of another short.
func parseStreams(stdout, races, stderr, mode string) (string, []Finding) {
	var findings []Finding
	for _, s := range []string{races, stderr, stdout} {
		findings = append(findings, Parse(s, mode)...)
	}
	for i, f := range findings {
		if f.Verdict == Lost && strings.Contains(f.Evidence, goexitLine) {
			findings[i].Evidence += "\n" + failureLog(stdout)
		}
	}
	return stdout + races + stderr, findings
}

// failureLog returns the messages the child's test logged (t.Log,
// t.Error, t.Fatal): "    file_test.go:12: message" lines, wherever the
// testing package printed them (under its "--- FAIL" line, or as they
// came with -v), without test2json's framing byte.
func failureLog(stdout string) string {
	var b strings.Builder
	for line := range strings.Lines(stdout) {
		line = strings.TrimPrefix(line, "\x16")
		if testLogLine.MatchString(line) {
			b.WriteString(line)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// testLogLine is a message a test logged.
var testLogLine = regexp.MustCompile(`^\s+\S+\.go:\d+: `)

// childEnv is the parent's environment with the detectors' settings
// replaced: no inherited GORACE, GODEBUG, GOTRACEBACK or GOMAXPROCS (the child runs at
// the parent's current GOMAXPROCS, so go test -cpu 1,2 reaches it), no 1 s
// race-detector sleep at exit, race reports written to files of their own
// (so a panic printed at the same moment cannot cut into one), and
// temporary files in the parent's t.TempDir, removed whatever the child
// does.
func childEnv(id, mode string, want Verdict, tmp string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GORACE", "GODEBUG", "GOMAXPROCS", "GOTRACEBACK", "TMPDIR", caseEnv, modeEnv, stopEnv:
			continue
		}
		env = append(env, kv)
	}
	// Quoted, as the sanitizer's flag parser allows, for a TMPDIR with spaces.
	gorace := fmt.Sprintf(`GORACE=atexit_sleep_ms=0 log_path="%s"`, filepath.Join(tmp, raceLogName))
	if want == Race {
		gorace += " halt_on_error=1"
	}
	env = append(env, gorace,
		"GOTRACEBACK=all", // a crash, or synctest's deadlock panic, shows every goroutine
		fmt.Sprintf("GOMAXPROCS=%d", runtime.GOMAXPROCS(0)),
		"TMPDIR="+tmp,
		caseEnv+"="+id, modeEnv+"="+mode)
	if want.Detector() == GoDeadlock {
		env = append(env, stopEnv+"="+stopDeadlock)
	}
	return env
}

// runChild runs fn under every detector and prints what they said,
// between begin and end lines the parent looks for.
func runChild(t testing.TB, mode string, fn func() error, cfg config) {
	id := os.Getenv(caseEnv) + ":" + mode
	say("%s%s\n", beginLine, id)
	switch mode {
	case modeTwinPlain, modeTwinBubble:
		if cfg.twin == nil {
			say(errorLine + "the parent asked for a twin this call does not have\n")
			return
		}
		fn, cfg = cfg.twin.fn, cfg.forTwin()
	}
	// Only this call runs in the child, and no lock is held yet.
	deadlock.Opts.DeadlockTimeout = cfg.lockWait
	switch mode {
	case modePlain, modeTwinPlain:
		runPlain(t, fn, cfg)
	case modeBubble, modeTwinBubble:
		runBubble(t, fn, cfg)
	default:
		say(errorLine+"unknown mode %q\n", mode)
		return
	}
	say("%s%s\n", endLine, id)
}
