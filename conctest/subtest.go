package conctest

import (
	"flag"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// Run runs f as t's subtest name, as t.Run does, and returns what t.Run
// returns. Use it for a table of subtests that call conctest: in the
// child process that conctest starts for one call, a subtest that cannot
// lead to that call is not started at all, where t.Run would start it
// only for the testing package to find that its name does not match.
//
// That match is dear in a child: its -test.run names the call's test
// with one pattern per level, and the testing package keeps one pattern
// compiled, so each subtest compiles two. Under -race that took some 25
// ms of CPU in each child of a table of 116 rows, an eighth of its CPU.
//
// A name the testing package rewrites (a space, a character it cannot
// print, a slash or a '#') and one of which the call's subtest may be a
// duplicate ("x" for "x#01") are always started, so the child reaches
// the same subtest as t.Run would.
func Run(t *testing.T, name string, f func(t *testing.T)) bool {
	t.Helper()
	if f := flag.Lookup("test.run"); child != nil && f != nil && offTheWay(f.Value.String(), t.Name(), name) {
		return true
	}
	return t.Run(name, f)
}

// offTheWay reports whether, in a child whose -test.run is run, the
// subtest name of the test named parent cannot be on the way to the
// child's call: run (runPattern's) quotes the call's test name one level
// at a time.
func offTheWay(run, parent, name string) bool {
	if !asWritten(name) {
		return false
	}
	levels := strings.Split(run, "/")
	level := strings.Count(parent, "/") + 1
	if level >= len(levels) {
		return false
	}
	quoted := "^" + regexp.QuoteMeta(name)
	return levels[level] != quoted+"$" && !strings.HasPrefix(levels[level], quoted+"#")
}

// asWritten reports whether the testing package names a subtest name as
// it is, with no rewriting and no part that reads as a level or a
// duplicate's number.
func asWritten(name string) bool {
	return name != "" && strings.IndexFunc(name, func(r rune) bool {
		return r == '/' || r == '#' || unicode.IsSpace(r) || !unicode.IsPrint(r)
	}) < 0
}
