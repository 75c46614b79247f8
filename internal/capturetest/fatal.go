package capturetest

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// A MustAll runs each check in a goroutine of its own and stops the
// calling test, as t.Fatal does, when one fails.
type MustAll func(t testing.TB, checks []func() error)

// ErrCheck is the error of StopsAtFailure's failing check.
var ErrCheck = errors.New("check failed")

// StopsAtFailure runs m on three checks of which one fails, then on three
// that pass, each time on a goroutine of its own that plays the test's.
// It returns an error unless the first run fails t and ends that
// goroutine, as t.Fatal would, and the second returns with t not failed.
func StopsAtFailure(m MustAll) error {
	pass := func() error { return nil }
	fail := func() error { return ErrCheck }
	t := new(recorder)
	switch returned := runAsTest(m, t, []func() error{pass, fail, pass}); {
	case !t.Failed():
		return fmt.Errorf("%s: a check failed, and t did not fail", nameOf(m))
	case returned:
		return fmt.Errorf("%s: returned after a check failed: the test goes on past it (t: %s)", nameOf(m), t.logged())
	}
	t = new(recorder)
	if returned := runAsTest(m, t, []func() error{pass, pass, pass}); !returned || t.Failed() {
		return fmt.Errorf("%s: every check passed: returned %v, t failed %v (%s), want true, false", nameOf(m), returned, t.Failed(), t.logged())
	}
	return nil
}

// runAsTest calls m on a goroutine of its own, as the test's, and reports
// whether m returned: false if it ended that goroutine with FailNow.
func runAsTest(m MustAll, t testing.TB, checks []func() error) bool {
	returned := make(chan bool)
	go func() {
		ok := false
		defer func() { returned <- ok }()
		m(t, checks)
		ok = true
	}()
	return <-returned
}

// A recorder is a testing.TB that records what a helper reports, for a
// workload to check. Its FailNow does what testing.T's does (go doc
// testing.T.FailNow): it marks the test failed and calls runtime.Goexit,
// which ends the goroutine that called it, whichever that is. Its other
// reporting methods may be called from any goroutine, as testing.T's may.
// A method of testing.TB it does not declare panics: the embedded TB is
// nil.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	logs   []string
}

func (r *recorder) Helper() {}

func (r *recorder) Fail() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
}

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *recorder) FailNow() {
	r.Fail()
	runtime.Goexit()
}

func (r *recorder) Error(args ...any) {
	r.log(fmt.Sprint(args...))
	r.Fail()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.log(fmt.Sprintf(format, args...))
	r.Fail()
}

func (r *recorder) Fatal(args ...any) {
	r.Error(args...)
	r.FailNow()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.FailNow()
}

func (r *recorder) log(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, s)
}

func (r *recorder) logged() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return fmt.Sprintf("%q", r.logs)
}
