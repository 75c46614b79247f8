package conctest

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sasha-s/go-deadlock"
	"go.uber.org/goleak"
)

// Bounds of every run. A child never depends on go-deadlock's 30 s default
// or on go test's 10 min default.
const (
	// DeadlockTimeout is how long a go-deadlock lock may wait before it is
	// reported as LockTimeout.
	DeadlockTimeout = 500 * time.Millisecond
	// DefaultWatchdog is how long the function under test may run before
	// the watchdog dumps every goroutine and calls it a Hang.
	DefaultWatchdog = 1500 * time.Millisecond
	// CleanWatchdog is ProveClean's watchdog. A run that passes never waits
	// for it, so it can leave a slow but correct fix room on a loaded
	// machine (make stress saw 10,000 calls under the race detector take
	// 1.7 s), where DefaultWatchdog would call it a Hang.
	CleanWatchdog = 5 * time.Second
)

// deadlockReports counts go-deadlock reports in this process.
var deadlockReports atomic.Int64

// Main runs a package's tests with the detectors configured once, before
// any lock is taken: go-deadlock with a short timeout and a callback that
// never panics or blocks, and goleak's VerifyTestMain with opts. Call it
// from TestMain:
//
//	func TestMain(m *testing.M) { conctest.Main(m) }
//
// In a child process it runs only the case the parent asked for.
func Main(m *testing.M, opts ...goleak.Option) {
	configureDeadlock()
	if os.Getenv(caseEnv) != "" {
		os.Exit(m.Run())
	}
	opts = append(opts, goleak.Cleanup(func(code int) {
		if n := deadlockReports.Load(); n > 0 && code == 0 {
			fmt.Fprintf(os.Stderr, "conctest: go-deadlock reported %d potential deadlock(s) in the tests themselves\n", n)
			code = 1
		}
		os.Exit(code)
	}))
	goleak.VerifyTestMain(m, opts...)
}

// configureDeadlock sets go-deadlock's global options. They are read on
// every Lock, so they are written here once, before any test runs.
func configureDeadlock() {
	deadlock.Opts.DeadlockTimeout = DeadlockTimeout
	deadlock.Opts.LogBuf = os.Stderr
	stop := os.Getenv(stopEnv) == stopDeadlock
	deadlock.Opts.OnPotentialDeadlock = func() {
		// go-deadlock holds its own lock while it calls this: record and
		// return, or exit. The report is already on stderr.
		deadlockReports.Add(1)
		if stop {
			os.Exit(3)
		}
	}
	if benchmarking() {
		// Benchmarks measure the primitive, not the detector.
		deadlock.Opts.Disable = true
	}
}

// An Option changes how a function is run.
type Option func(*config)

type config struct {
	bubble   bool
	watchdog time.Duration
	twin     *twin
}

// A twin is the broken code a fixed proof's workload must flag.
type twin struct {
	want  Verdict
	blame string
	fn    func() error
}

// Bubble runs the function in a testing/synctest bubble too (for Prove:
// only there). Use it where the pattern blocks only on channels,
// sync.Cond or sync.WaitGroup, which a bubble sees as durably blocked.
func Bubble() Option { return func(c *config) { c.bubble = true } }

// Timeout sets how long the function may run before the watchdog reports
// it as a Hang. The default is DefaultWatchdog, and CleanWatchdog for
// ProveClean.
func Timeout(d time.Duration) Option { return func(c *config) { c.watchdog = d } }

// Twin shows that a ProveClean can fail: besides proving fn clean, it
// runs broken (the same workload on the broken variant fn fixes, or on a
// one-line mutation of the fix) and fails unless that run reports want,
// with evidence that names blame, as Prove would. A proof that has never
// been seen failing proves nothing: the workload may simply never reach
// the window the fix closes.
//
//	conctest.ProveClean(t, hammer(new(Mutex)),
//		conctest.Twin(conctest.Race, "counter.(*Unsync).Inc", hammer(new(Unsync))))
func Twin(want Verdict, blame string, broken func() error) Option {
	return func(c *config) { c.twin = &twin{want: want, blame: blame, fn: broken} }
}

func newConfig(opts []Option) config {
	c := config{watchdog: DefaultWatchdog}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Prove runs fn in a child process under every detector and fails t
// unless the child's report holds verdict want with evidence that names
// blame (a function, such as "counter.(*Unsync).Inc", or for Lost a word of
// the invariant's message). fn returns a non-nil error when its invariant
// does not hold.
//
// A Race proof skips, saying how to run it, when the binary was built
// without -race. A Blocked proof runs fn in a synctest bubble.
func Prove(t testing.TB, want Verdict, blame string, fn func() error, opts ...Option) {
	t.Helper()
	cfg := newConfig(opts)
	if want == Blocked {
		cfg.bubble = true
	}
	c := enter(t)
	if c.child {
		if c.match != "" {
			runChild(t, c.match, fn, cfg)
		}
		return
	}
	switch {
	case !want.valid() || want == Clean || want == Vet:
		t.Fatalf("conctest.Prove(%q): not a verdict a run can prove; want one of Race, Leak, LockOrder, Recursive, LockTimeout, Blocked, Panic, Hang, Lost", want)
	case blame == "":
		t.Fatalf("conctest.Prove(%s): blame is empty; name the function the report must blame", want)
	case want == Race && !raceEnabled:
		t.Skipf("race proof skipped: this binary was built without -race; run make test-race (go test -race)")
	}
	mode := modePlain
	if cfg.bubble {
		mode = modeBubble
	}
	r := spawn(t, c.id, mode, cfg, want)
	if err := r.Check(want, blame); err != nil {
		t.Fatalf("%s: %s not proven: %v", t.Name(), want, err)
	}
	t.Logf("proven: %s by %s, blaming %s [%v]", want, want.Detector(), blame, r.Elapsed.Round(time.Millisecond))
}

// ProveClean runs fn in a child process under every detector at once (the
// race detector when built with -race, go-deadlock, goleak, the invariant,
// the watchdog and, with Bubble, testing/synctest) and fails t if any of
// them reports anything. Its watchdog waits CleanWatchdog unless Timeout
// says otherwise. With Twin, it also shows that the proof can fail.
func ProveClean(t testing.TB, fn func() error, opts ...Option) {
	t.Helper()
	opts = append([]Option{Timeout(CleanWatchdog)}, opts...)
	cfg := newConfig(opts)
	c := enter(t)
	if c.child {
		if c.match != "" {
			runChild(t, c.match, fn, cfg)
		}
		return
	}
	var r, tr *Report
	var wg sync.WaitGroup
	wg.Go(func() { r = diagnose(t, c.id, cfg) })
	if cfg.twin != nil {
		wg.Go(func() { tr = proveTwin(t, c.id, cfg) })
	}
	wg.Wait()
	if err := r.Check(Clean, ""); err != nil {
		t.Fatalf("%s: not clean: %v", t.Name(), err)
	}
	if tr != nil {
		if err := tr.Check(cfg.twin.want, cfg.twin.blame); err != nil {
			t.Fatalf("%s: clean, but the proof cannot fail: the same workload on its twin gave no %s blaming %s: %v",
				t.Name(), cfg.twin.want, cfg.twin.blame, err)
		}
	}
	msg := fmt.Sprintf("proven: Clean under %s [%v]", strings.Join(checked(r, cfg), ", "), r.Elapsed.Round(time.Millisecond))
	if tr != nil {
		msg += fmt.Sprintf("; the same workload on its twin: %s by %s, blaming %s [%v]",
			cfg.twin.want, cfg.twin.want.Detector(), cfg.twin.blame, tr.Elapsed.Round(time.Millisecond))
	}
	t.Logf("%s", msg)
}

// proveTwin runs a fixed proof's twin as Prove would run it.
func proveTwin(t testing.TB, id string, cfg config) *Report {
	mode := modeTwinPlain
	if cfg.bubble || cfg.twin.want == Blocked {
		mode = modeTwinBubble
	}
	tcfg := cfg
	tcfg.watchdog = DefaultWatchdog
	return spawn(t, id, mode, tcfg, cfg.twin.want)
}

// Diagnose runs fn in child processes under every detector at once and
// returns every verdict they gave, also when fn never returns: the
// watchdog then dumps every goroutine, and the leak check still runs. It
// is the answer to "what is wrong here?" for a bug of unknown class. It
// fails t only when the run itself cannot be made. In the child process
// it returns nil.
func Diagnose(t testing.TB, fn func() error, opts ...Option) *Report {
	t.Helper()
	cfg := newConfig(opts)
	c := enter(t)
	if c.child {
		if c.match != "" {
			runChild(t, c.match, fn, cfg)
		}
		return nil
	}
	return diagnose(t, c.id, cfg)
}

// diagnose runs call id in a plain child and, with Bubble, a bubble child
// at once, and merges what they said.
func diagnose(t testing.TB, id string, cfg config) *Report {
	modes := []string{modePlain}
	if cfg.bubble {
		modes = append(modes, modeBubble)
	}
	reports := make([]*Report, len(modes))
	var wg sync.WaitGroup
	for i, mode := range modes {
		wg.Go(func() { reports[i] = spawn(t, id, mode, cfg, "") })
	}
	wg.Wait()
	return merge(reports)
}

// merge joins the reports of one function's runs.
func merge(rs []*Report) *Report {
	m := &Report{RaceOff: !raceEnabled, LeakProfileOn: leakProfile() != nil}
	var out []string
	var why []string
	for _, r := range rs {
		m.Findings = append(m.Findings, r.Findings...)
		out = append(out, r.Output)
		m.Elapsed = max(m.Elapsed, r.Elapsed)
		if r.Incomplete != "" {
			why = append(why, r.Incomplete)
		}
	}
	m.Output = strings.Join(out, "\n")
	m.Incomplete = strings.Join(why, "; ")
	return m
}

// checked names the detectors a clean report vouches for.
func checked(r *Report, cfg config) []string {
	d := []string{"go-deadlock", "goleak", "invariant", "watchdog"}
	if !r.RaceOff {
		d = append([]string{"race"}, d...)
	}
	if cfg.bubble {
		d = append(d, "synctest")
	}
	if r.RaceOff {
		d[len(d)-1] += " (race detector off: run make test-race)"
	}
	return d
}
