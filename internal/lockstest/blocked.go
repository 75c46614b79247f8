package lockstest

import (
	"runtime"
	"strings"
)

// blocked counts the goroutines that are blocked in one of states (a
// wait reason as a goroutine dump prints it, such as "sync.Cond.Wait" or
// "chan send") with every one of frames on their stack. It is the
// workloads' barrier for what no channel can signal: that a goroutine has
// not only called Lock, Wait or a send but is waiting inside it. It reads
// the runtime's record of every goroutine; callers poll it, yielding in
// between, and nothing sleeps.
func blocked(states []string, frames ...string) int {
	return countStacks(func(header string) bool { return inState(header, states) }, frames)
}

// inside counts the goroutines, running, runnable or blocked, with every
// one of frames on their stack: those that have entered a call and not
// yet returned from it.
func inside(frames ...string) int {
	return countStacks(func(string) bool { return true }, frames)
}

// countStacks counts the goroutines whose header satisfies keep and whose
// stack holds every one of frames.
func countStacks(keep func(header string) bool, frames []string) int {
	buf := make([]byte, 64<<10)
	n := runtime.Stack(buf, true)
	for n == len(buf) {
		buf = make([]byte, 2*len(buf))
		n = runtime.Stack(buf, true)
	}
	count := 0
	for g := range strings.SplitSeq(string(buf[:n]), "\n\n") {
		header, stack, _ := strings.Cut(g, "\n")
		if keep(header) && containsAll(stack, frames) {
			count++
		}
	}
	return count
}

// inState reports whether a goroutine header such as
// "goroutine 7 [sync.Cond.Wait, 2 minutes]:" names one of states.
func inState(header string, states []string) bool {
	for _, s := range states {
		for _, end := range []string{"]", " ", ","} {
			if strings.Contains(header, " ["+s+end) {
				return true
			}
		}
	}
	return false
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
