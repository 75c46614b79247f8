package sharedmem_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// tagVar marks the processes a test started, its children's children
// included: they all inherit the environment.
const tagVar = "SHAREDMEM_TEST_TAG"

// tagWorkers sets a tag unique to this test in the environment, which
// conctest's child and its workers inherit, and returns it.
func tagWorkers(t *testing.T) string {
	tag := fmt.Sprintf("%s=%s-%d-%d", tagVar, t.Name(), os.Getpid(), time.Now().UnixNano())
	t.Setenv(tagVar, tag[len(tagVar)+1:])
	return tag
}

// tagged returns the processes still alive with tag in their environment,
// after giving each up to a second to finish dying (a killed process
// exits asynchronously). A zombie has no environment left, and counts as
// gone.
func tagged(tag string) []int {
	var alive []int
	for _, pid := range pidsWith(tag) {
		if !exits(pid, time.Second) {
			alive = append(alive, pid)
		}
	}
	return alive
}

func pidsWith(tag string) []int {
	environs, _ := filepath.Glob("/proc/[0-9]*/environ")
	var pids []int
	for _, f := range environs {
		env, err := os.ReadFile(f)
		if err == nil && bytes.Contains(env, []byte(tag+"\x00")) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
			if pid != os.Getpid() {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// exits waits for process pid to exit, through a pidfd, which becomes
// readable when the process ends: no polling.
func exits(pid int, d time.Duration) bool {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return err == unix.ESRCH // already gone
	}
	defer unix.Close(fd)
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, int(d.Milliseconds()))
	return err == nil && n == 1
}
