package conctest

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// ownProcessGroup puts the child in a process group of its own, so that
// the child and every process it started can be killed together (also
// by the child itself, when this process dies first: see watchParent).
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// killProcessGroup kills whatever the child left running in its group.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// watchParent ends the child's process group, the processes fn started
// with it, when the parent dies: the test binary killed by go test's
// timeout, or by a user. A death signal would reach only the child.
func watchParent() {
	ppid := os.Getppid()
	go func() {
		for {
			time.Sleep(100 * time.Millisecond)
			if os.Getppid() != ppid {
				_ = syscall.Kill(-os.Getpid(), syscall.SIGKILL)
				os.Exit(1)
			}
		}
	}()
}
