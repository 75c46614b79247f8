// Package window lets a test's workload hold a lesson's goroutine at a
// point the lesson marks in its code, its window, to force on every run
// the interleaving that shows the lesson's bug.
//
// A lesson marks its window with nothing but the comment a reviewer
// reads, on a line of its own:
//
//	v := c.n.Load()
//	// another Inc may run here
//	c.n.Store(v + 1)
//
// The lesson's source never calls this package. internal/points lists
// the marks, and in test builds only (go test -overlay) rewrites each
// marked line into a call of At with the method's receiver, keeping the
// comment and every line where it was, and declares the receiver's type
// here. A workload, in another package, then sets a hook on a variant's
// value with Set. A window without a hook does nothing.
package window

import (
	"fmt"
	"os"
	"reflect"
)

var (
	// declared holds the types that have a window, declared by the
	// rewritten lesson packages' init functions.
	declared = map[reflect.Type]bool{}
	// instrumented is set by those init functions: some package of the
	// binary was rewritten, even one whose marks call no window.
	instrumented bool
	// hooks holds the hook set for each value, a pointer as a rule.
	hooks = map[any]func(){}
)

// Declare records that the types of vs have a window. The rewritten
// lesson packages call it from an init function.
func Declare(vs ...any) {
	instrumented = true
	for _, v := range vs {
		declared[reflect.TypeOf(v)] = true
	}
}

// Instrumented reports whether this binary holds any window: whether it
// was built with the overlay that internal/points writes.
func Instrumented() bool { return instrumented }

// At runs the hook set for v, if any. The rewritten lessons call it at
// each mark, with the receiver of the method the mark is in.
//
// It reads a plain map and adds no synchronization of its own: what the
// race detector sees between two goroutines is what the lesson and the
// hook do.
func At(v any) {
	if h := hooks[v]; h != nil {
		h()
	}
}

// Set sets the hook of v's window, nil to take it away, and reports
// whether v's type has a window in this build. Set it while no goroutine
// runs v: the hooks are a plain map, read without synchronization.
func Set(v any, hook func()) bool {
	if hook == nil {
		delete(hooks, v)
	} else {
		hooks[v] = hook
	}
	return declared[reflect.TypeOf(v)]
}

// Required stops a test binary built without the windows, saying how to
// build it with them: the tests of a package with windows cannot force
// their interleavings without them, and would fail for the wrong reason.
// Call it first in TestMain.
func Required() {
	if !Instrumented() {
		fmt.Fprintln(os.Stderr, "these tests force interleavings at the points the lessons mark, which only the test build has:\n"+
			"run them through make (make test, make test-race), or build the overlay and pass it on:\n"+
			"\tgo run ./internal/cmd/builds .build && go test -race -overlay .build/plain.json ./...")
		os.Exit(2)
	}
}
