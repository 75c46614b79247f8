//go:build !linux

package worker

import "syscall"

// sysProcAttr keeps a worker in its parent's process group. Only Linux
// has Pdeathsig: elsewhere a worker whose parent dies lives on until its
// deadline.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }
