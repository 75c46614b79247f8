package conctest

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

// The child's side of a run: fn under every detector, try after try.

// settleHorizon is how far a bubble's fake time runs on after fn has
// returned, before synctest judges the goroutines that remain: as far as
// goleak waits for them in a plain run (it retries for about 0.43 s), so
// a goroutine that would end on its own (a sleeper, a timer) is never
// called Blocked.
const settleHorizon = 500 * time.Millisecond

// runPlain runs fn with the race detector, go-deadlock and the watchdog
// watching, then checks the invariant and asks goleak for new goroutines;
// with Repeat, again and again until a detector finds something or the
// tries or the budget run out.
func runPlain(t testing.TB, fn func() error, cfg config) {
	ignore := goleak.IgnoreCurrent()
	tries := newTries(cfg)
	for tries.next() {
		found := watch(start(t, fn, cfg.copies), cfg.copies, cfg.watchdog)
		if err := goleak.Find(append([]goleak.Option{ignore}, leakOptions...)...); err != nil {
			child.finding(Leak, Goleak, fmt.Sprintf("%s%v", leakLine, err))
			found = true
		}
		tries.end(found || tries.detected())
	}
	if p := leakProfile(); p != nil {
		var b bytes.Buffer
		if err := p.WriteTo(&b, 1); err == nil && p.Count() > 0 {
			child.finding(Leak, LeakProfile, profLine+b.String())
		}
	}
}

// start runs copies of fn at once, each in its own goroutine, and
// returns the channel their results arrive on.
func start(t testing.TB, fn func() error, copies int) <-chan error {
	done := make(chan error, copies)
	for range copies {
		go guarded(t, fn, func(err error) { done <- err })
	}
	return done
}

// leakProfile is the experimental goroutine leak profile, or nil when the
// binary was built without GOEXPERIMENT=goroutineleakprofile. Writing it
// runs a garbage collection that finds goroutines blocked on primitives
// that nothing reachable can release.
func leakProfile() *pprof.Profile { return pprof.Lookup("goroutineleak") }

// runBubble runs fn inside a synctest bubble, where a deadlock among the
// bubble's goroutines panics with synctest's own report. goleak is not
// asked: inside a bubble it reports the bubble's machinery. The bubble
// runs on the test goroutine, as synctest.Test requires; the watchdog
// runs outside it, and ends the child if fn never returns.
func runBubble(t testing.TB, fn func() error, cfg config) {
	tt := realT(t)
	if tt == nil {
		child.error("a synctest bubble needs a *testing.T, got %T", t)
		return
	}
	tries := newTries(cfg)
	for tries.next() {
		tries.end(bubbleTry(t, tt, fn, cfg, tries) || tries.detected())
	}
}

// bubbleTry runs one try in a new bubble and reports whether a detector
// found something. A deadlock in the bubble, or a panic of fn's, crashes
// the child with its report; a hang ends it from the watchdog.
func bubbleTry(t testing.TB, tt *testing.T, fn func() error, cfg config, tries *tries) (found bool) {
	returned := make(chan error, cfg.copies)
	verdict := make(chan bool, 1)
	go func() {
		found, hung := watchBubble(returned, cfg.copies, cfg.watchdog)
		if hung {
			finish()
		}
		verdict <- found
	}()
	errs := make([]error, cfg.copies)
	finished := false
	defer func() {
		if finished {
			return
		}
		if r := recover(); r != nil {
			// Only synctest.Test panics here: fn runs in goroutines of
			// the bubble, whose panics crash the child. Its report,
			// with the goroutines it judged, is the verdict.
			msg := fmt.Sprint(r)
			v, d := Panic, Runtime
			if strings.Contains(msg, "deadlock: ") {
				v, d = Blocked, Synctest
			}
			child.finding(v, d, "panic: "+msg+"\n\n"+string(stacks()))
			tries.end(true)
			tries.next()
			finish()
		}
		// Goexit: synctest failed the test, after a race inside. The
		// test cannot go on: end the child here.
		for _, err := range errs {
			returned <- err
		}
		<-verdict
		tries.end(true)
		tries.next()
		finish()
	}()
	synctest.Test(tt, func(*testing.T) {
		var wg sync.WaitGroup
		for i := range cfg.copies {
			wg.Go(func() { guarded(t, fn, func(err error) { errs[i] = err }) })
		}
		wg.Wait()
		// Let sleepers and timers that fn left behind end, as they would
		// in the plain run while goleak waits, before synctest judges
		// what remains.
		time.Sleep(settleHorizon)
		synctest.Wait()
	})
	finished = true
	for _, err := range errs {
		returned <- err
	}
	return <-verdict
}

// goexitLine starts the invariant's message when fn ended its goroutine
// with runtime.Goexit, as t.Fatal, t.FailNow and t.SkipNow do: the test's
// own failure messages follow it in the parent's report.
const goexitLine = "fn called t.FailNow (t.Fatal, t.Fatalf) or runtime.Goexit"

// guarded runs fn and hands its result to done. A runtime.Goexit inside
// fn becomes an error at once, where it would otherwise leave the
// watchdog waiting and lose the message. A panic goes on as a panic.
func guarded(t testing.TB, fn func() error, done func(error)) {
	returned := false
	defer func() {
		if returned {
			return
		}
		if r := recover(); r != nil {
			panic(r)
		}
		switch {
		case t.Skipped():
			child.error("fn called t.SkipNow (t.Skip, t.Skipf) inside the proof: skip before calling conctest")
			done(nil)
		case t.Failed():
			done(errors.New(goexitLine + ": the test failed"))
		default:
			done(errors.New(goexitLine + " without failing the test"))
		}
	}()
	err := fn()
	returned = true
	done(err)
}

// wait waits for the results of n copies of fn, or for d to pass. It says
// the first error as an invariant violation, and reports whether one came
// and whether the watchdog fired.
func wait(done <-chan error, n int, d time.Duration) (found, fired bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for range n {
		select {
		case err := <-done:
			if err != nil && !found {
				child.finding(Lost, Invariant, fmt.Sprintf("%s%v", lostLine, err))
				found = true
			}
		case <-timer.C:
			return found, true
		}
	}
	return found, false
}

// hang says the watchdog's verdict, with every goroutine's stack.
func hang(d time.Duration, dump []byte) {
	child.finding(Hang, Watchdog, fmt.Sprintf("panic: test timed out after %v (conctest watchdog: the function has not returned)\n\n%s", d, dump))
}

// watch waits for the results of n copies of fn. An error is an
// invariant violation; no result within d is a Hang. It reports whether
// either happened.
func watch(done <-chan error, n int, d time.Duration) bool {
	found, fired := wait(done, n, d)
	if fired {
		hang(d, stacks())
	}
	return found || fired
}

// watchBubble is watch for a bubble: it also reports whether the
// watchdog fired. A bubble whose goroutines keep running never lets its
// fake time advance, so a sleep in fn never ends there: that is no hang
// of fn's, and is said as what it is, not as a Hang.
func watchBubble(done <-chan error, n int, d time.Duration) (found, hung bool) {
	found, fired := wait(done, n, d)
	if !fired {
		return found, false
	}
	dump := stacks()
	if spinning(dump) {
		child.send(channelRecord{Kind: kindNote, Text: "synctest: goroutines in the bubble keep running, so its fake time cannot advance and synctest cannot judge fn; the plain run's verdicts stand"})
		return false, true
	}
	hang(d, dump)
	return true, true
}

// stacks returns every goroutine's stack.
func stacks() []byte {
	buf := make([]byte, 1<<20)
	return buf[:runtime.Stack(buf, true)]
}

// spinning reports whether a goroutine of a synctest bubble is running or
// runnable in dump: the bubble was never idle, so its clock stood still.
func spinning(dump []byte) bool {
	for line := range strings.Lines(string(dump)) {
		if strings.HasPrefix(line, "goroutine ") &&
			(strings.Contains(line, "[running, synctest bubble") || strings.Contains(line, "[runnable, synctest bubble")) {
			return true
		}
	}
	return false
}

// tries counts the runs of fn in one child against Repeat's bounds.
type tries struct {
	cfg       config
	n         int
	began     time.Time
	found     bool
	deadlocks int64
}

func newTries(cfg config) *tries {
	return &tries{cfg: cfg, began: time.Now(), deadlocks: deadlockReports.Load()}
}

// next reports whether another try may run.
func (r *tries) next() bool {
	if r.found || (r.cfg.tries > 0 && r.n >= r.cfg.tries) || (r.n > 0 && time.Since(r.began) >= r.cfg.budget) {
		r.say()
		return false
	}
	r.n++
	// Said before each try too: a crash (a panic, a race that halts)
	// ends the child in the middle of one, and this is its number.
	r.say()
	return true
}

// say records how many tries have run, when Repeat asked for more than
// one.
func (r *tries) say() {
	if r.cfg.tries != 1 {
		child.send(channelRecord{Kind: kindTries, Tries: r.n, MaxTries: r.cfg.tries, After: time.Since(r.began)})
	}
}

// end records whether the try found something.
func (r *tries) end(found bool) { r.found = found }

// detected reports whether the race detector or go-deadlock has
// reported anything in this child so far: their reports go elsewhere
// (the race log, go-deadlock's callback) and end no try by themselves.
func (r *tries) detected() bool {
	return deadlockReports.Load() > r.deadlocks || raceLogged()
}

// raceLogged reports whether a race report has been written to this
// child's race logs (its GORACE log_path, in its TMPDIR) since its run
// began: a child that makes several runs holds its earlier runs' too.
func raceLogged() bool { return raceLogSize() > child.raceBase }

// raceLogSize is the size of this child's race logs together.
func raceLogSize() int64 {
	var n int64
	for _, size := range raceSizes() {
		n += size
	}
	return n
}
