package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"time"
)

// A testRun is what one `go test -json` run of one package said.
type testRun struct {
	ran      []string          // every test that started, subtests included
	failed   []string          // the failed tests that have no failed subtest
	why      map[string]string // a failed test's first error message
	crash    string            // the package failed outside any test (a panic, a timeout): its last output
	timedOut string            // the test binary's "panic: test timed out" line, if it timed out
	build    string            // the build's error output; "" if it built
	err      error             // go test could not run at all
}

// killed reports whether the run failed for a reason a proof gives.
func (r testRun) killed() bool { return len(r.failed) > 0 || r.crash != "" }

// killer says which test failed and why, in one line.
func (r testRun) killer() string {
	if len(r.failed) == 0 {
		return "package failed: " + r.crash
	}
	t := r.failed[0]
	if w := r.why[t]; w != "" {
		return t + ": " + w
	}
	return t
}

// event is one line of `go test -json` (cmd/test2json and the go
// command's build events).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	FailedBuild string
}

// goTest runs `go test` with args in the background and parses its JSON
// output. The go command, the test binary and whatever it started are
// killed if ctx ends (the hard deadline: -timeout should end them first).
func goTest(ctx context.Context, args []string) testRun {
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-json"}, args...)...)
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := parseEvents(&stdout)
	if ctx.Err() != nil {
		r.err = fmt.Errorf("go test %s: killed at the hard deadline: %v", strings.Join(args, " "), ctx.Err())
	} else if err != nil && !r.killed() && r.build == "" {
		r.err = fmt.Errorf("go test %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return r
}

// errLine is a t.Errorf line in a test's output: "    file_test.go:17: message".
var errLine = regexp.MustCompile(`^\s+\S+\.go:\d+: (.*)$`)

// parseEvents reads the events of one package's test run.
func parseEvents(rd io.Reader) testRun {
	r := testRun{why: map[string]string{}}
	var failed, tail []string
	pkgFailed := false
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		switch {
		case e.Action == "build-output":
			r.build += e.Output
		case e.Action == "build-fail":
			if r.build == "" {
				r.build = "build failed"
			}
		case e.Action == "run" && e.Test != "":
			r.ran = append(r.ran, e.Test)
		case e.Action == "fail" && e.Test != "":
			failed = append(failed, e.Test)
		case e.Action == "fail":
			if e.FailedBuild != "" && r.build == "" {
				r.build = "build failed: " + e.FailedBuild
			}
			pkgFailed = e.FailedBuild == ""
		case e.Action == "output" && strings.HasPrefix(e.Output, "panic: test timed out") && r.timedOut == "":
			r.timedOut = strings.TrimSpace(e.Output)
			tail = append(tail, r.timedOut)
		case e.Action == "output" && e.Test != "":
			if m := errLine.FindStringSubmatch(strings.TrimRight(e.Output, "\n")); m != nil && r.why[e.Test] == "" {
				r.why[e.Test] = strings.TrimPrefix(m[1], e.Test+": ")
			}
		case e.Action == "output":
			tail = append(tail, strings.TrimSpace(e.Output))
		}
	}
	for _, t := range failed {
		if !slices.ContainsFunc(failed, func(u string) bool { return strings.HasPrefix(u, t+"/") }) {
			r.failed = append(r.failed, t)
		}
	}
	if pkgFailed && len(r.failed) == 0 {
		r.crash = lastLines(tail)
	}
	return r
}

// lastLines is the end of a package's own output, without the go
// command's FAIL lines, in one line.
func lastLines(out []string) string {
	var keep []string
	for _, l := range out {
		if l != "" && l != "FAIL" && !strings.HasPrefix(l, "FAIL\t") && !strings.HasPrefix(l, "exit status") {
			keep = append(keep, l)
		}
	}
	if len(keep) == 0 {
		return "no output"
	}
	return strings.Join(keep[max(0, len(keep)-2):], " | ")
}

// selected returns the top-level tests of r that pattern selects.
func (r testRun) selected(pattern string) []string {
	re := regexp.MustCompile(pattern)
	var out []string
	for _, t := range r.ran {
		if !strings.Contains(t, "/") && re.MatchString(t) {
			out = append(out, t)
		}
	}
	return out
}

// hasRun reports whether test, or a subtest of it, started.
func (r testRun) hasRun(test string) bool {
	return slices.ContainsFunc(r.ran, func(t string) bool { return t == test || strings.HasPrefix(t, test+"/") })
}

// failedUnder returns the failed tests that are test or its subtests.
func (r testRun) failedUnder(test string) []string {
	var out []string
	for _, t := range r.failed {
		if t == test || strings.HasPrefix(t, test+"/") {
			out = append(out, t)
		}
	}
	return out
}
