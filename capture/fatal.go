package capture

import (
	"sync"
	"testing"
)

// The variants of this lesson are test helpers, as a package of helpers
// for tests would ship them: each runs checks in goroutines of its own
// and must stop the calling test, as t.Fatal does, when one fails.

// FatalInHelper runs each check in a goroutine of its own, through
// mustPass, a helper that calls t.Fatal when the check fails.
//
// Broken: t.Fatal calls runtime.Goexit, which ends the goroutine that
// calls it, here one that FatalInHelper started, not the test's (go doc
// testing.T.FailNow: it must be called from the goroutine running the
// test). wg.Go's deferred Done still runs, Wait returns, and FatalInHelper
// returns as if every check had passed: the test goes on past the check
// that failed. The invariant sees that on every run. go vet's
// testinggoroutine and staticcheck's SA2002 are silent: they look for
// Fatal in a go statement's function in a function that takes a
// *testing.T (testdata/fatalgoroutine is that form), and here t is a
// testing.TB and Fatal is in a helper.
func FatalInHelper(t testing.TB, checks []func() error) {
	t.Helper()
	var wg sync.WaitGroup
	for _, check := range checks {
		wg.Go(func() { mustPass(t, check) }) // its t.Fatal ends this goroutine only
	}
	wg.Wait()
}

func mustPass(t testing.TB, check func() error) {
	t.Helper()
	if err := check(); err != nil {
		t.Fatal(err)
	}
}

// ErrorThenFailNow has the goroutines report with t.Error, and stops the
// test with t.FailNow on the caller's goroutine once they have finished.
//
// Fixed: t.Error may be called from any goroutine (go doc testing.T), and
// FailNow runs on the goroutine that called ErrorThenFailNow, the test's,
// so a failed check stops the test there. Clean under every detector.
func ErrorThenFailNow(t testing.TB, checks []func() error) {
	t.Helper()
	var wg sync.WaitGroup
	for _, check := range checks {
		wg.Go(func() { shouldPass(t, check) }) // t.Error: safe from any goroutine
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow() // on the test's goroutine
	}
}

func shouldPass(t testing.TB, check func() error) {
	t.Helper()
	if err := check(); err != nil {
		t.Error(err)
	}
}

// ErrsToCaller sends each check's error back over a channel, and calls
// t.Fatal on the caller's goroutine.
//
// Fixed: the goroutines only send; t.Fatal runs on the goroutine that
// called ErrsToCaller, the test's, so a failed check stops the test
// there. Clean under every detector.
func ErrsToCaller(t testing.TB, checks []func() error) {
	t.Helper()
	errs := make(chan error, len(checks)) // room for every check's error
	var wg sync.WaitGroup
	for _, check := range checks {
		wg.Go(func() { errs <- check() })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err) // on the test's goroutine
		}
	}
}
