package conctest

import (
	"strings"
)

// A child that crashes tells it by its exit status (2, the runtime's)
// and by the report the runtime printed last on its stderr: a "panic: "
// or "fatal error: " line and the traceback under it. Only that report
// is read. A line the code under test printed, even one that looks like
// a crash, is context: it is not the last report before the traceback
// the runtime printed as the process died.

// crashStatus is the exit status of a Go program that panicked or hit a
// fatal error.
const crashStatus = 2

var (
	crashHeader     = lineRegexp(`^(panic: |fatal error: )`, "panic: ", "fatal error: ")
	tracebackHeader = lineRegexp(`^goroutine \d+ \[`, "goroutine ")
)

// crashReport returns the runtime's crash report in stderr: from the
// last crash header that a traceback follows, to the end. ok is false
// when there is none.
func crashReport(stderr string) (report string, ok bool) {
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	traceback := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if tracebackHeader.MatchString(lines[i]) {
			traceback = i
		}
		if crashHeader.MatchString(lines[i]) && traceback > i {
			// Goroutines that panicked at the same moment print their
			// headers one above the other: the crash begins at the first.
			for i > 0 && (crashHeader.MatchString(lines[i-1]) || strings.HasPrefix(lines[i-1], "\t") || strings.HasPrefix(lines[i-1], "[signal")) {
				i--
			}
			return strings.Join(lines[i:], "\n"), true
		}
	}
	return "", false
}

// crashFinding classifies the runtime's crash report: the runtime's map
// check, go test's own timeout (the backstop behind the watchdog),
// synctest's deadlock, or a panic.
func crashFinding(report, run string) Finding {
	head, _, _ := strings.Cut(report, "\n")
	f := Finding{Verdict: Panic, Detector: Runtime, Run: run, Evidence: report}
	switch {
	case strings.HasPrefix(head, "fatal error: concurrent map"):
		f.Verdict = Race
	case strings.HasPrefix(head, "panic: test timed out after") && strings.Contains(report, "testing.(*M).startAlarm"):
		f.Verdict, f.Detector = Hang, Watchdog
	case strings.Contains(report, "testing/synctest.Test(") &&
		(strings.Contains(head, "deadlock: all goroutines in bubble are blocked") ||
			strings.Contains(head, "main bubble goroutine has exited but blocked goroutines remain")):
		f.Verdict, f.Detector = Blocked, Synctest
	}
	return f
}
