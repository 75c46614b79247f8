// Package window lets a test's workload hold a lesson's goroutine at a
// point the lesson marks in its code, its window, to force on every run
// the interleaving that shows the lesson's bug.
//
// A lesson marks its window with a call and a comment,
//
//	r.inWindow() // a writer's Lock may arrive here
//
// and keeps what the call runs, a hook, unexported: nothing of the window
// is part of the lesson's API. The lesson package registers, in an init
// function, how to set the hooks of its variants; a workload, in another
// package, sets one with Set. The zero hook is nil, and a window without
// one does nothing.
package window

// setters are what the lesson packages registered.
var setters []func(v any, hook func()) bool

// Register adds set, a lesson package's way to set the hook of a variant's
// window: set sets v's hook and reports true, or reports false if v is
// none of its variants with a window. Call it from an init function.
func Register(set func(v any, hook func()) bool) { setters = append(setters, set) }

// Set sets the hook of v's window, nil to take it away, and reports
// whether v has a window. Set it while no goroutine runs v: the hook is
// a plain field, read without synchronization.
func Set(v any, hook func()) bool {
	for _, set := range setters {
		if set(v, hook) {
			return true
		}
	}
	return false
}
