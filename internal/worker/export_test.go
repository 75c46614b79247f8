package worker

// SetStarted has f called with each worker's pid, in place of the hook
// Spawn calls, until restore is called.
func SetStarted(f func(pid int)) (restore func()) {
	prev := started
	started = f
	return func() { started = prev }
}
