// Package capturetest holds the workloads that drive the capture
// package's variants, for its own tests and the catalog's. Each takes the
// variant as an argument, so that a broken variant and its fix run
// exactly the same code, and returns an error when the variant's result
// is wrong.
package capturetest

import (
	"context"
	"errors"
	"fmt"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"time"
)

// A Squares squares each of xs in a goroutine of its own and returns the
// squares in the order of xs.
type Squares func(xs []int) []int

// A RunAll runs each task in a goroutine of its own and returns an error
// if any failed.
type RunAll func(tasks []func() error) error

// A Call runs work in a goroutine and waits for its result at most
// timeout.
type Call func(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error)

// SquareAll squares 1 to 16 (see squaresUpTo) and returns an error
// unless it gets their squares, in that order.
func SquareAll(s Squares) error {
	xs, want := squaresUpTo(16)
	if got := s(xs); !slices.Equal(got, want) {
		return fmt.Errorf("%s(%v): got %v, want %v", nameOf(s), xs, got, want)
	}
	return nil
}

// The errors of FailTwice's failing tasks.
var (
	ErrFirst  = errors.New("first task failed")
	ErrSecond = errors.New("second task failed")
)

// FailTwice runs three tasks of which two fail, then three that pass. It
// returns an error unless the first run returns one of the two errors
// and the second none.
func FailTwice(r RunAll) error {
	pass := func() error { return nil }
	fail1 := func() error { return ErrFirst }
	fail2 := func() error { return ErrSecond }
	if err := r([]func() error{fail1, pass, fail2}); !errors.Is(err, ErrFirst) && !errors.Is(err, ErrSecond) {
		return fmt.Errorf("%s: two of three tasks failed: got %v, want %v or %v", nameOf(r), err, ErrFirst, ErrSecond)
	}
	if err := r([]func() error{pass, pass, pass}); err != nil {
		return fmt.Errorf("%s: every task passed: got %v, want nil", nameOf(r), err)
	}
	return nil
}

// ErrLate is the error of TimesOut's work that ends after its call has
// timed out.
var ErrLate = errors.New("work ended after its call timed out")

// TimesOut makes one call whose work ends only after the call has timed
// out, and one whose work ends in time. In the first, the work waits
// until the caller waits in c's select, cancels the caller's context and
// only then returns its result: the caller must get 0 and
// context.Canceled, whatever the worker does after. The second must get
// the work's result.
func TimesOut(c Call) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, err := c(ctx, time.Minute, func(context.Context) (int, error) {
		for !callerWaits() {
			runtime.Gosched()
		}
		cancel()          // the caller gives up...
		return 1, ErrLate // ...and then this result comes
	})
	if v != 0 || !errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: got (%d, %v) from a call that timed out, want (0, %v)", nameOf(c), v, err, context.Canceled)
	}
	v, err = c(context.Background(), time.Minute, func(context.Context) (int, error) { return 7, nil })
	if v != 7 || err != nil {
		return fmt.Errorf("%s: got (%d, %v) from a call in time, want (7, <nil>)", nameOf(c), v, err)
	}
	return nil
}

// callerWaits reports whether a goroutine that called TimesOut is
// blocked in a select: waiting in the Call for its work or its context.
// It reads the runtime's record of every goroutine, which orders nothing
// for the race detector.
func callerWaits() bool {
	buf := make([]byte, 64<<10)
	n := runtime.Stack(buf, true)
	for n == len(buf) {
		buf = make([]byte, 2*len(buf))
		n = runtime.Stack(buf, true)
	}
	for g := range strings.SplitSeq(string(buf[:n]), "\n\n") {
		header, stack, _ := strings.Cut(g, "\n")
		if strings.Contains(header, " [select") && strings.Contains(stack, "capturetest.TimesOut(") {
			return true
		}
	}
	return false
}

// nameOf is a func's package-qualified name, such as
// "capture.OneVarPerLoop".
func nameOf(f any) string {
	return path.Base(runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name())
}

// squaresUpTo returns 1 to n and their squares. Sixteen numbers, not
// four: with four, at GOMAXPROCS=2 the goroutines of a loop with one
// variable for all its iterations read it in time, every one of them, in
// 1 of 100 runs under -race (make stress), and the squares came out
// right; a Lost must come out of every run.
func squaresUpTo(n int) (xs, squares []int) {
	for x := 1; x <= n; x++ {
		xs, squares = append(xs, x), append(squares, x*x)
	}
	return xs, squares
}
