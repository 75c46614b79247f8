//go:build !linux

package conctest

import "os/exec"

// ownProcessGroup and killProcessGroup are Linux-only; elsewhere the child
// is killed alone when its deadline passes.
func ownProcessGroup(cmd *exec.Cmd)  {}
func killProcessGroup(cmd *exec.Cmd) {}

// watchParent is Linux-only: elsewhere a child outlives a parent that
// dies, until its own -test.timeout.
func watchParent() {}
