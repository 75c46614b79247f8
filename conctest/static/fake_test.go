package static_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// fakeT is a testing.TB whose Fatalf and Logf are recorded instead of
// ending or logging the test, so that the package's own failures can be
// tested.
type fakeT struct {
	testing.TB
	fatal string
	logs  []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// outcome runs body against a fake in a goroutine of its own, which
// Fatalf ends, and returns the fake once body has returned or failed.
func outcome(t *testing.T, body func(testing.TB)) *fakeT {
	f := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(f)
	}()
	<-done
	return f
}

func (f *fakeT) logged() string { return strings.Join(f.logs, "\n") }
