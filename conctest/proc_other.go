//go:build !linux

package conctest

import "os/exec"

// ownProcessGroup and killProcessGroup are Linux-only; elsewhere the child
// is killed alone when its deadline passes.
func ownProcessGroup(cmd *exec.Cmd)  {}
func killProcessGroup(cmd *exec.Cmd) {}
