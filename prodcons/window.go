package prodcons

import "github.com/racelab/racelab/internal/window"

// schedWindow is a point in a variant's goroutine where the scheduler
// may hold it. The zero window does not hold; a test's workload
// (internal/prodconstest) holds a goroutine there to force the
// interleaving that shows the bug.
type schedWindow struct{ hook func() }

func (w *schedWindow) wait() {
	if w.hook != nil {
		w.hook()
	}
}

func (w *schedWindow) setWindow(f func()) { w.hook = f }

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
