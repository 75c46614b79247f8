package locks

import "github.com/racelab/racelab/internal/window"

// lockWindow is a point in a critical section just after its lock is
// taken. The zero value does nothing there; a test's workload
// (internal/lockstest) may make the goroutine wait there, to force an
// interleaving on every run.
type lockWindow struct{ hook func() }

func (w *lockWindow) inWindow() {
	if w.hook != nil {
		w.hook()
	}
}

func (w *lockWindow) setWindow(f func()) { w.hook = f }

// The tests set a variant's window through internal/window.
func init() {
	window.Register(func(v any, f func()) bool {
		w, ok := v.(interface{ setWindow(func()) })
		if ok {
			w.setWindow(f)
		}
		return ok
	})
}
