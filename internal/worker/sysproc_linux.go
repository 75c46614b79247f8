package worker

import "syscall"

// sysProcAttr keeps a worker in its parent's process group, so that
// whoever kills the group (conctest kills its child's) kills the workers
// too, and has the kernel kill the worker if its parent dies first.
// (Pdeathsig fires when the thread that started the worker exits; Go
// keeps its threads until the process exits, unless a goroutine locked
// to one exits.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
