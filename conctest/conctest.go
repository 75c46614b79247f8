package conctest

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
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
	// deadlockTimeout is how long a go-deadlock lock may wait before it is
	// reported as LockTimeout.
	deadlockTimeout = 500 * time.Millisecond
	// defaultWatchdog is how long the function under test may run before
	// the watchdog dumps every goroutine and calls it a Hang.
	defaultWatchdog = 1500 * time.Millisecond
	// cleanWatchdog is the watchdog of ProveClean, and of a Prove whose
	// verdict is not Hang. Such a run is over when its detector speaks or
	// fn returns, and never waits for the watchdog, so it can leave slow
	// but finishing code room on a loaded machine (make stress saw 10,000
	// calls under the race detector take 1.7 s, and race-built worker
	// processes not done in 1.5 s), where defaultWatchdog would call it a
	// Hang.
	cleanWatchdog = 5 * time.Second
	// cleanDeadlockTimeout is go-deadlock's timeout when ProveClean runs
	// a fix: a lock held by a goroutine that is only waiting for a core
	// is no deadlock. make stress saw a fix's lock holder left runnable,
	// unscheduled, for over 500 ms on a loaded machine. A twin, and every
	// Prove and Diagnose, keep deadlockTimeout.
	cleanDeadlockTimeout = 2 * time.Second
)

// deadlockReports counts go-deadlock reports in this process.
var deadlockReports atomic.Int64

// mainCalled is set by Main: without it, no child runs a case, go-deadlock
// keeps its defaults, and goleak checks nothing.
var mainCalled atomic.Bool

// leakOptions are the goleak options given to Main that the proofs' leak
// check takes too (all but goleak.Cleanup, which only VerifyTestMain
// takes): a goroutine the package ignores is ignored in every proof.
var leakOptions []goleak.Option

// Main runs a package's tests, and in a child process the one call its
// parent asked for. Call it from TestMain:
//
//	func TestMain(m *testing.M) { conctest.Main(m) }
//
// opts are goleak's: Main checks the package for leaked goroutines after
// its tests, as goleak.VerifyTestMain does, and every proof's leak check
// takes the same options, so that a goroutine the package means to keep
// (goleak.IgnoreTopFunction) is no proof's Leak either.
//
// Setup goes before the call, in TestMain. Teardown goes in
// goleak.Cleanup, which Main passes on: it runs after the tests and the
// leak check, with the exit code, and must end the process:
//
//	func TestMain(m *testing.M) {
//		srv := start()
//		conctest.Main(m, goleak.Cleanup(func(code int) { srv.Stop(); os.Exit(code) }))
//	}
//
// A child process runs one call and exits without the teardown: give it
// nothing to tear down (its TMPDIR is removed by the parent).
//
// Main configures go-deadlock (a short timeout, a report that ends the
// run instead of the process) in child processes only: the package's
// own tests run with go-deadlock as the package set it.
func Main(m *testing.M, opts ...goleak.Option) {
	mainCalled.Store(true)
	leakOptions = findOptions(opts)
	if err := readChildEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if child == nil {
		if benchmarking() {
			// Benchmarks measure the primitive, not the detector.
			deadlock.Opts.Disable = true
		}
		goleak.VerifyTestMain(doneM{m}, opts...)
		return
	}
	configureDeadlock()
	watchParent()
	code := m.Run()
	if !child.reached.Load() {
		child.error("the child ran the test to its end and never reached the call %s: the test did not make that call (same test, same call path, same function) in the child; if its calls depend on a map's order, on goroutines, on flags or on the environment, give each call a subtest of its own with t.Run", child.id)
	}
	os.Exit(code)
}

// findOptions returns the options Find takes: all but Cleanup, which
// Find refuses at once (and so tells itself apart without a search).
func findOptions(opts []goleak.Option) []goleak.Option {
	var find []goleak.Option
	for _, o := range opts {
		if err := goleak.Find(o, goleak.IgnoreCurrent()); err == nil || !strings.Contains(err.Error(), "Cleanup") {
			find = append(find, o)
		}
	}
	return find
}

// deadlockLog holds the report go-deadlock is writing, until it calls
// back: go-deadlock writes it under its own lock, then calls.
var deadlockLog struct {
	sync.Mutex
	bytes.Buffer
}

type deadlockWriter struct{}

func (deadlockWriter) Write(p []byte) (int, error) {
	deadlockLog.Lock()
	defer deadlockLog.Unlock()
	return deadlockLog.Write(p)
}

// configureDeadlock sets go-deadlock's global options in a child. They
// are read on every Lock, so they are written here once, before any test
// runs. Its reports go to the child's channel, not to stderr.
func configureDeadlock() {
	deadlock.Opts.DeadlockTimeout = deadlockTimeout
	deadlock.Opts.LogBuf = deadlockWriter{}
	deadlock.Opts.OnPotentialDeadlock = func() {
		// go-deadlock has written its report, and holds its own lock
		// while it calls this: record and return, or exit.
		deadlockLog.Lock()
		text := deadlockLog.String()
		deadlockLog.Reset()
		deadlockLog.Unlock()
		v := LockTimeout
		for line := range strings.Lines(text) {
			if w, ok := classifyVerdict(strings.TrimRight(line, "\n")); ok && w.Detector() == GoDeadlock {
				v = w
				break
			}
		}
		child.finding(v, GoDeadlock, text)
		deadlockReports.Add(1)
		if child.stop {
			os.Exit(3)
		}
	}
}

// notLinked is noDeadlockLocks in a few words, for a proof's line.
const notLinked = "no go-deadlock lock is in this test binary; it judges the go-deadlock build (conctest/cmd/swap)"

// noDeadlockLocks is said where go-deadlock's silence means nothing.
const noDeadlockLocks = "no go-deadlock lock is in this test binary: go-deadlock sees only its own Mutex and RWMutex, not sync's; it judges the go-deadlock build, which swaps sync's for them: " + swapCommand

// An Option changes how a function is run.
type Option func(*config)

type config struct {
	bubble   bool
	watchdog time.Duration // per try
	lockWait time.Duration // go-deadlock's timeout
	twin     *twin
	tries    int           // at most, in one child
	budget   time.Duration // for all the tries of one child
	copies   int           // of fn at once, in each try
}

// A twin is the broken code a fixed proof's workload must flag.
type twin struct {
	want  Verdict
	blame string
	fn    func() error
	opts  []Option // its own: a rare twin needs a Repeat of its own
}

// Bubble runs the function in a testing/synctest bubble too (for Prove:
// only there). Use it where the pattern blocks only on channels,
// sync.Cond or sync.WaitGroup, which a bubble sees as durably blocked.
func Bubble() Option { return func(c *config) { c.bubble = true } }

// Timeout sets how long the function may run before the watchdog reports
// it as a Hang. The default is defaultWatchdog for Diagnose and a Hang
// proof, and cleanWatchdog for ProveClean and any other proof.
func Timeout(d time.Duration) Option { return func(c *config) { c.watchdog = d } }

// Twin shows that a ProveClean can fail: besides proving fn clean, it
// runs broken (the same workload on the broken variant fn fixes, or on a
// one-line mutation of the fix) and fails unless that run reports want,
// with evidence that names blame, as Prove would. A proof that has never
// been seen failing proves nothing: the workload may simply never reach
// the window the fix closes.
//
// The twin runs with the proof's options but for its tries: it gets up
// to three tries of its workload within one watchdog, ending at the
// first that gives want (the proof says so when it took more than one),
// unless opts give it a Repeat of its own: a fix proven over many tries
// needs no more of its twin than one finding, and a twin that shows its
// bug in one run of fifty needs more than three. It runs in a bubble
// where the call runs in one (Bubble) or want is Blocked, but never
// where want is Leak: goleak does not look in a bubble.
//
//	conctest.ProveClean(t, hammer(new(Mutex)),
//		conctest.Twin(conctest.Race, "counter.(*Unsync).Inc", hammer(new(Unsync))))
func Twin(want Verdict, blame string, broken func() error, opts ...Option) Option {
	return func(c *config) { c.twin = &twin{want: want, blame: blame, fn: broken, opts: opts} }
}

// check fails t for a call the engine cannot make as asked, before any
// child runs: nothing passes by accident.
func (c config) check(t testing.TB, call string, fn func() error) {
	t.Helper()
	switch {
	case !mainCalled.Load():
		t.Fatalf("conctest.%s: the package's TestMain does not call conctest.Main, which configures go-deadlock and goleak and runs a child's case; add\n\tfunc TestMain(m *testing.M) { conctest.Main(m) }", call)
	case fn == nil:
		t.Fatalf("conctest.%s: fn is nil", call)
	case c.watchdog <= 0:
		t.Fatalf("conctest.%s: Timeout(%v): the watchdog needs a positive duration", call, c.watchdog)
	case c.tries < 0 || (c.tries != 1 && c.budget <= 0):
		t.Fatalf("conctest.%s: Repeat(%d, %v): want a positive budget, and tries at least 1 (or 0: as many as the budget allows)", call, c.tries, c.budget)
	case c.tries != 1 && c.budget+c.watchdog > untilDeadline(t):
		t.Fatalf("conctest.%s: Repeat's budget %v and a try's watchdog %v do not fit in the %v left before the test's deadline: lower the budget, or raise go test -timeout", call, c.budget, c.watchdog, untilDeadline(t).Round(time.Second))
	case c.copies < 1:
		t.Fatalf("conctest.%s: Copies(%d): want at least one copy", call, c.copies)
	case isBenchmark(t):
		t.Fatalf("conctest.%s: called from a benchmark (%s): a proof runs its test again in a child process, and a benchmark is not run that way; prove from a Test function, and benchmark the code without conctest", call, t.Name())
	case c.bubble && realT(t) == nil:
		t.Fatalf("conctest.%s: Bubble needs a *testing.T (synctest.Test takes one), got %T; pass the *testing.T, or give the wrapper a method T() *testing.T", call, t)
	case c.twin != nil && c.twin.fn == nil:
		t.Fatalf("conctest.%s: Twin's broken function is nil", call)
	case c.twin != nil && (!c.twin.want.valid() || c.twin.want == Clean || c.twin.want == Vet):
		t.Fatalf("conctest.%s: Twin(%q): not a verdict a run can prove", call, c.twin.want)
	case c.twin != nil && c.twin.blame == "":
		t.Fatalf("conctest.%s: Twin's blame is empty; name the function the twin's report must blame", call)
	}
}

// Repeat runs fn again and again in one child process until a detector
// finds something or budget is spent, and stops at the first finding: a
// bug that shows in one run of twenty is found in one call. tries caps
// the runs; 0 leaves them to the budget, which is what a rare bug needs
// (a fast fn runs thousands of times in a few seconds). The report says
// how many tries ran and when the finding came. With ProveClean, the fix
// must stay clean for every try the budget allows. Each try is bounded
// by the watchdog as a single run is, and the whole child by budget plus
// one watchdog: the budget is a hard bound, not a target, and must fit
// in the test's deadline (go test -timeout), which is checked first.
//
// Ten seconds of tries fit a CI job:
//
//	conctest.Prove(t, conctest.Leak, "watch.(*Hub).publish", repro,
//		conctest.Repeat(0, 10*time.Second))
func Repeat(tries int, budget time.Duration) Option {
	return func(c *config) { c.tries, c.budget = tries, budget }
}

// untilDeadline is the time left before t's deadline, or a long time if
// it has none.
func untilDeadline(t testing.TB) time.Duration {
	if tt := realT(t); tt != nil {
		if d, ok := tt.Deadline(); ok {
			return time.Until(d)
		}
	}
	return 24 * time.Hour
}

// Copies runs n copies of fn at once in each try, as go test -cpu or a
// stress tool would: more goroutines contend, and a rare interleaving
// comes sooner. Each copy must work on its own state.
func Copies(n int) Option { return func(c *config) { c.copies = n } }

func newConfig(opts []Option) config {
	c := config{watchdog: defaultWatchdog, lockWait: deadlockTimeout, tries: 1, copies: 1}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Prove runs fn in a child process under every detector and fails t
// unless the child's report holds verdict want with evidence that names
// blame (a function, such as "counter.(*Unsync).Inc"; for Lost a phrase of
// the invariant's message, for Panic also its message: see the README's
// blame rules). fn returns a non-nil error when its invariant
// does not hold.
//
// A Race proof skips, saying how to run it, when the binary was built
// without -race. A Blocked proof runs fn in a synctest bubble.
func Prove(t testing.TB, want Verdict, blame string, fn func() error, opts ...Option) {
	t.Helper()
	if want != Hang {
		// Only a Hang proof needs the watchdog to fire. Any other
		// verdict ends the run when it is found, so a run that is only
		// slow gets room to show it instead of a Hang.
		opts = append([]Option{Timeout(cleanWatchdog)}, opts...)
	}
	cfg := newConfig(opts)
	if want == Blocked {
		cfg.bubble = true
	}
	cfg.check(t, "Prove", fn)
	switch {
	case !want.valid() || want == Clean || want == Vet:
		t.Fatalf("conctest.Prove(%q): not a verdict a run can prove; want one of Race, Leak, LockOrder, Recursive, LockTimeout, Blocked, Panic, Hang, Lost", want)
	case blame == "":
		t.Fatalf("conctest.Prove(%s): blame is empty; name the function the report must blame", want)
	case swapBuild() && want.Detector() != GoDeadlock:
		t.Skipf("%s proof skipped: %s", want, judgedInPlain)
	case want == Race && !raceEnabled:
		t.Skipf("race proof skipped: this binary was built without -race; run go test -race (in racelab: make test-race)")
	case want.Detector() == GoDeadlock && !deadlockLinked():
		t.Skipf("%s proof skipped: %s", want, noDeadlockLocks)
	}
	c := enter(t, "Prove", fn)
	mode := modePlain
	if cfg.bubble {
		mode = modeBubble
	}
	steps := []step{{mode, cfg, want}}
	if c.child {
		serveChild(t, c, fn, cfg, steps)
		return
	}
	r := runSteps(t, c.id, steps)[0]
	keepRecord(t, recordOf(t, "Prove", want, blame, cfg, r))
	r.Prove(t, want, blame)
}

// Prove fails t unless the report holds verdict want with evidence that
// names blame, and logs the proof as the function Prove does: for a run
// already made, such as a Diagnose's Twin. As Prove, it skips, saying
// why, where want's detector could not look (NotRun): a race twin in a
// binary built without -race, say.
func (r *Report) Prove(t testing.TB, want Verdict, blame string) {
	t.Helper()
	if !want.valid() || want == Clean || blame == "" {
		t.Fatalf("conctest: (*Report).Prove(%q, %q): want a finding's verdict and the function it must blame (Check(Clean, \"\") checks a clean report)", want, blame)
	}
	if r == nil {
		t.Fatalf("%s: %s not proven: there is no report (a Diagnose's Twin is nil when it was given no Twin)", t.Name(), want)
	}
	if why, ok := r.NotRun[want.Detector()]; ok && len(r.Findings) == 0 {
		t.Skipf("%s proof skipped: %s", want, why)
	}
	f, err := r.proof(want, blame)
	if err != nil {
		t.Fatalf("%s: %s not proven%s: %v", t.Name(), want, suffix(r.triesSaid(false)), err)
	}
	t.Logf("proven: %s by %s, blaming %s [%v]%s\n%s", want, f.Detector, blame, r.Elapsed.Round(time.Millisecond), suffix(r.triesSaid(true)),
		culpritFirst(f))
}

// ProveClean runs fn in a child process under every detector at once (the
// race detector when built with -race, go-deadlock, goleak, the invariant,
// the watchdog and, with Bubble, testing/synctest) and fails t if any of
// them reports anything. Its watchdog waits cleanWatchdog unless Timeout
// says otherwise. With Twin, it also shows that the proof can fail.
func ProveClean(t testing.TB, fn func() error, opts ...Option) {
	t.Helper()
	opts = append([]Option{Timeout(cleanWatchdog)}, opts...)
	cfg := newConfig(opts)
	cfg.lockWait = cleanDeadlockTimeout
	cfg.check(t, "ProveClean", fn)
	if swapBuild() {
		if !deadlockLinked() {
			t.Skipf("ProveClean skipped: %s, and %s", judgedInPlain, noDeadlockLocks)
		}
		cfg.bubble = false // synctest judges the plain build
	}
	c := enter(t, "ProveClean", fn)
	own := ownSteps(cfg, "")
	steps := own
	skipTwin := cfg.twinSkipped()
	if cfg.twin != nil && skipTwin == "" {
		steps = append(slices.Clip(own), twinStep(cfg))
	}
	if c.child {
		serveChild(t, c, fn, cfg, steps)
		return
	}
	reports := runSteps(t, c.id, steps)
	r := merged(reports[:len(own)], cfg)
	var tr *Report
	if len(reports) > len(own) {
		tr = reports[len(own)]
	}
	rec := *r
	rec.Twin = tr
	keepRecord(t, recordOf(t, "ProveClean", Clean, "", cfg, &rec))
	if err := r.Check(Clean, ""); err != nil {
		t.Fatalf("%s: not clean%s: %v", t.Name(), suffix(r.triesSaid(len(r.Findings) > 0)), err)
	}
	if tr != nil {
		if err := tr.Check(cfg.twin.want, cfg.twin.blame); err != nil {
			t.Fatalf("%s: clean, but the proof cannot fail: the same workload on its twin gave no %s blaming %s: %v",
				t.Name(), cfg.twin.want, cfg.twin.blame, err)
		}
	}
	msg := fmt.Sprintf("proven: Clean under %s [%v]%s%s", checked(r, cfg), r.Elapsed.Round(time.Millisecond), suffix(r.triesSaid(false)), notRunSaid(r))
	if tr != nil {
		tries := "" // one try is the rule, and not worth a word unless Repeat asked for more
		if tr.MaxTries != twinTries || tr.Tries > 1 {
			tries = suffix(tr.triesSaid(true))
		}
		msg += fmt.Sprintf("; the same workload on its twin: %s by %s, blaming %s [%v]%s",
			cfg.twin.want, cfg.twin.want.Detector(), cfg.twin.blame, tr.Elapsed.Round(time.Millisecond), tries)
	}
	if skipTwin != "" {
		msg += "; " + skipTwin
	}
	t.Logf("%s", msg)
}

// recordOf is the record of a call made with cfg, whose runs said r.
func recordOf(t testing.TB, call string, want Verdict, blame string, cfg config, r *Report) Record {
	rec := Record{Test: t.Name(), Call: call, Want: want, Blame: blame, Bubble: cfg.bubble,
		Watchdog: cfg.watchdog, LockWait: cfg.lockWait, Report: r}
	if cfg.twin != nil {
		rec.TwinWant, rec.TwinBlame = cfg.twin.want, cfg.twin.blame
	}
	return rec
}

// forTwin is the configuration a twin runs with, in the parent and the
// child alike. A twin that must Hang gets a broken run's watchdog, as
// Prove's; any other runs the fix's workload and gets the fix's room, or
// a slow machine would cut it short before its verdict (a bubble's
// Blocked comes only at the end of its run).
//
// Its tries are its own: twinTries within one watchdog, unless the
// twin's options give it a Repeat. A detector does not report every run
// that reaches the window (the race detector's history is bounded, and a
// schedule on a loaded machine can order the accesses after all), and a
// twin exists to show that the workload reaches it, not that one run in
// a thousand does not. The first try that gives the twin's finding ends
// its run, so a proof that holds pays for one.
func (c config) forTwin() config {
	tw := c
	if c.twin.want == Hang {
		tw.watchdog = defaultWatchdog
	}
	tw.lockWait = deadlockTimeout
	tw.tries, tw.budget = twinTries, tw.watchdog
	for _, o := range c.twin.opts {
		o(&tw)
	}
	return tw
}

// twinTries is how many times a twin may run its workload, at most, in
// its one child, without a Repeat of its own: see Twin.
const twinTries = 3

// twinSkipped says why a twin cannot be run in this binary, or "".
func (c config) twinSkipped() string {
	switch {
	case c.twin == nil:
		return ""
	case swapBuild() && c.twin.want.Detector() != GoDeadlock:
		return "its twin's " + string(c.twin.want) + " is the plain build's to prove"
	case c.twin.want == Race && !raceEnabled:
		return "its twin's race is not checked: this binary was built without -race"
	case c.twin.want.Detector() == GoDeadlock && !deadlockLinked():
		return "its twin's " + string(c.twin.want) + " is not checked: " + notLinked
	}
	return ""
}

// Diagnose runs fn in child processes under every detector at once and
// returns every verdict they gave, also when fn never returns: the
// watchdog then dumps every goroutine, and the leak check still runs. It
// is the answer to "what is wrong here?" for a bug of unknown class. With
// Twin, it runs the twin as ProveClean would, after fn, and returns what
// that run said as the report's Twin, for the caller to check. It fails t
// only when the run itself cannot be made. In the child process
// it returns the parent's report of the same call, as the test's body runs
// on to the call the child makes.
func Diagnose(t testing.TB, fn func() error, opts ...Option) *Report {
	t.Helper()
	cfg := newConfig(opts)
	cfg.check(t, "Diagnose", fn)
	if swapBuild() {
		cfg.bubble = false // synctest judges the plain build
	}
	c := enter(t, "Diagnose", fn)
	own := ownSteps(cfg, "")
	steps := own
	skipTwin := cfg.twinSkipped()
	if cfg.twin != nil && skipTwin == "" {
		steps = append(slices.Clip(own), twinStep(cfg))
	}
	if c.child {
		serveChild(t, c, fn, cfg, steps)
		if c.replay != nil {
			return c.replay
		}
		return &Report{Incomplete: "this call was not run in this child process, nor by its parent before the child's call"}
	}
	reports := runSteps(t, c.id, steps)
	r := merged(reports[:len(own)], cfg)
	if len(reports) > len(own) {
		r.Twin = reports[len(own)]
	}
	if skipTwin != "" {
		r.Twin = &Report{NotRun: map[Detector]string{cfg.twin.want.Detector(): skipTwin}}
	}
	if swapBuild() {
		r.Findings = slices.DeleteFunc(r.Findings, func(f Finding) bool { return f.Detector != GoDeadlock })
	}
	remember(t, c.id, r)
	keepRecord(t, recordOf(t, "Diagnose", "", "", cfg, r))
	if r.Incomplete != "" {
		t.Errorf("conctest.Diagnose: the run is incomplete, so its verdicts are not all there: %s", r.Incomplete)
	}
	return r
}

// serveChild makes, in a child, the run the parent asked of this call,
// or all its runs in turn (see steps.go); either ends the child.
func serveChild(t testing.TB, c entry, fn func() error, cfg config, steps []step) {
	switch c.run {
	case "":
	case modeSteps:
		serveSteps(t, fn, steps)
	default:
		runChild(t, c.run, fn, cfg)
	}
}

// merged joins the reports of a call's own runs, and says which
// detectors could not look.
func merged(reports []*Report, cfg config) *Report {
	m := merge(reports)
	m.NotRun = notRun(cfg)
	return m
}

// merge joins the reports of one function's runs.
func merge(rs []*Report) *Report {
	m := &Report{RaceOff: !raceEnabled, LeakProfileOn: leakProfile() != nil, NotRun: map[Detector]string{}}
	var out []string
	var why []string
	for _, r := range rs {
		m.Findings = append(m.Findings, r.Findings...)
		out = append(out, r.Output)
		m.Elapsed = max(m.Elapsed, r.Elapsed)
		m.Notes = append(m.Notes, r.Notes...)
		if r.Incomplete != "" {
			why = append(why, r.Incomplete)
		}
	}
	m.Output = strings.Join(out, "\n")
	m.Incomplete = strings.Join(why, "; ")
	// The tries of the run that found something first, else of the one
	// that ran longest.
	best := slices.MinFunc(rs, func(a, b *Report) int {
		if fa, fb := len(a.Findings) > 0, len(b.Findings) > 0; fa != fb {
			if fa {
				return -1
			}
			return 1
		} else if fa {
			return cmp.Compare(a.Tries, b.Tries)
		}
		return cmp.Compare(b.Tries, a.Tries)
	})
	m.Tries, m.MaxTries, m.After = best.Tries, best.MaxTries, best.After
	return m
}

// suffix is s in parentheses after a space, or nothing.
func suffix(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// checked names the detectors a clean report vouches for, and then
// those that could not look, with why: "; not run: go-deadlock (...)".
func checked(r *Report, cfg config) string {
	if swapBuild() {
		if _, off := r.NotRun[GoDeadlock]; off {
			return "nothing"
		}
		return "go-deadlock"
	}
	d := []string{"goleak", "invariant", "watchdog"}
	if _, off := r.NotRun[GoDeadlock]; !off {
		d = append([]string{"go-deadlock"}, d...)
	}
	if _, off := r.NotRun[RaceDetector]; !off {
		d = append([]string{"race"}, d...)
	}
	if cfg.bubble {
		s := "synctest"
		if len(r.Notes) > 0 {
			s += " (" + strings.Join(r.Notes, "; ") + ")"
		}
		d = append(d, s)
	}
	return strings.Join(d, ", ")
}

// notRunSaid is the clause of a proof's line that names the detectors
// that could not look at a run (of race and go-deadlock: the others that
// did not are off by choice), or "".
func notRunSaid(r *Report) string {
	if swapBuild() {
		return "" // go-deadlock alone judges this build: the plain build's run has the others
	}
	var off []string
	for _, d := range []Detector{RaceDetector, GoDeadlock} {
		if why, ok := r.NotRun[d]; ok {
			off = append(off, fmt.Sprintf("%s (%s)", d, why))
		}
	}
	if len(off) == 0 {
		return ""
	}
	return "; not run: " + strings.Join(off, ", ")
}

// notRun says which detectors cannot look at a run of cfg in this
// binary, and why.
func notRun(cfg config) map[Detector]string {
	m := map[Detector]string{}
	if swapBuild() {
		for _, d := range []Detector{RaceDetector, Goleak, LeakProfile, Synctest, Invariant, Watchdog, Runtime} {
			m[d] = judgedInPlain
		}
		if !deadlockLinked() {
			m[GoDeadlock] = noDeadlockLocks
		}
		return m
	}
	if !raceEnabled {
		m[RaceDetector] = "this binary was built without -race: run go test -race"
	}
	if !deadlockLinked() {
		m[GoDeadlock] = notLinked
	}
	if leakProfile() == nil {
		m[LeakProfile] = "build with GOEXPERIMENT=goroutineleakprofile"
	}
	if !cfg.bubble {
		m[Synctest] = "the function did not run in a bubble: see Bubble"
	}
	return m
}
