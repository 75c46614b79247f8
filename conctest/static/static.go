// Package static proves what go vet and staticcheck say about a package:
// the bugs seen by reading the code, where conctest proves those seen by
// running it. Code that vet rejects lives under a testdata directory,
// which go vet ./... skips, so the module stays vet-clean while a test
// still checks the lesson:
//
//	func TestVetCopyValue(t *testing.T) {
//		static.Prove(t, "testdata/copylock", "passes lock by value")
//	}
//
// Findings are conctest's: verdict [conctest.Vet], detector
// [conctest.Static], run "static", in a [conctest.Report], so a catalog
// reads them as it reads a run's.
package static

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/conctest"
)

// Analyze runs go vet (its default analyzers) and staticcheck on the
// package in dir, absolute or relative to the test's directory, and
// returns their messages as Vet findings. Use it to read everything the
// analyzers say, to fill a matrix or check a catalog; use [Prove] to
// require one message.
//
// The analyzers run from dir, in the module that holds it. A package the
// go command cannot load or type-check (no such directory, no Go files,
// a compile error) fails t with the command's output: the analyzers never
// looked, so there is no verdict. staticcheck runs as the module's tool,
// beside go vet: its binary, which go tool -n names (and builds if need
// be) once per module and test process, or which CONCTEST_STATICCHECK
// names, for every module (set it to what go tool -n staticcheck prints
// to ask once for many test processes). In a module without the tool
// directive, the report's NotRun says so under [conctest.Static] and go
// vet's findings stand alone.
func Analyze(t testing.TB, dir string) *conctest.Report {
	t.Helper()
	r, _ := analyze(t, dir)
	return r
}

// Prove fails t unless go vet or staticcheck reports, on the package in
// dir, a message that contains blame: an analyzer's own words, such as
// "passes lock by value". Use it for a bug that is seen by reading the
// code; put that code under testdata, where the module's own vet run
// skips it. Its log line, and its failure, name the analyzers that ran
// and those that could not.
//
// In the go-deadlock build (conctest/swap) it skips: the analyzers read
// the source as written, which the plain build's run judges.
func Prove(t testing.TB, dir, blame string) {
	t.Helper()
	if os.Getenv("CONCTEST_BUILD") == "go-deadlock" {
		t.Skip("the analyzers read the source as written: the plain build's run proves it, not the go-deadlock build's")
	}
	r, ran := analyze(t, dir)
	said := "analyzers: " + strings.Join(ran, ", ")
	notRun := ""
	if why, ok := r.NotRun[conctest.Static]; ok {
		notRun = "; not run: " + staticcheckName + " (" + strings.TrimPrefix(why, staticcheckNotRun) + ")"
	}
	i := slices.IndexFunc(r.Findings, func(f conctest.Finding) bool {
		return f.Verdict == conctest.Vet && strings.Contains(f.Evidence, blame)
	})
	if i < 0 {
		t.Fatalf("%s: Vet not proven on %s (%s%s): %s", t.Name(), dir, said, notRun, unnamed(r, blame))
	}
	by, _, _ := strings.Cut(r.Findings[i].Evidence, ": ")
	t.Logf("proven: Vet by %s, naming %q [%v] (%s)%s", toolName(by), blame, r.Elapsed.Round(time.Millisecond), said, notRun)
}

// unnamed says why no finding names blame: there were none, or these.
func unnamed(r *conctest.Report, blame string) string {
	if len(r.Findings) == 0 {
		return "no analyzer reported anything"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "no analyzer's message contains %q; they said:", blame)
	for _, f := range r.Findings {
		b.WriteString("\n\t" + f.Evidence)
	}
	return b.String()
}

// analyze is Analyze, also returning the analyzers that ran.
func analyze(t testing.TB, dir string) (*conctest.Report, []string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err == nil {
		err = isDir(abs)
	}
	if err != nil {
		t.Fatalf("static.Analyze(%q): %v: want the directory of a Go package, absolute or relative to the test's", dir, err)
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("static.Analyze(%q): %v: the analyzers run as go vet and go tool", dir, err)
	}
	res, ok := batched(gocmd, abs)
	if !ok {
		res = alone(t, gocmd, abs)
	}
	r := &conctest.Report{Elapsed: res.elapsed}
	ran := []string{"go vet"}
	if res.notRun != nil {
		r.NotRun = map[conctest.Detector]string{conctest.Static: staticcheckNotRun + res.notRun.Error()}
	} else {
		ran = append(ran, staticcheckName)
	}
	for _, f := range res.found {
		r.Findings = append(r.Findings, conctest.Finding{Verdict: conctest.Vet, Detector: conctest.Static, Run: "static", Evidence: f})
		r.Output += f + "\n"
	}
	return r, ran
}

// A result is what the analyzers said of one package.
type result struct {
	found   []string      // go vet's findings, then staticcheck's
	diags   []diagnostic  // the same, as a batch read them
	notRun  error         // why staticcheck did not run, if it did not
	elapsed time.Duration // the analyzers' time, or their batch's
}

// alone analyzes the package in dir, go vet and staticcheck side by side.
func alone(t testing.TB, gocmd, dir string) result {
	t.Helper()
	start := time.Now()
	tool := startStaticcheck(gocmd, dir)
	t.Cleanup(func() { tool.wait() }) // if go vet fails t first
	found := vet(t, gocmd, dir)
	more, notRun := staticcheck(t, tool, dir)
	return result{found: append(found, more...), notRun: notRun, elapsed: time.Since(start)}
}

func isDir(path string) error {
	fi, err := os.Stat(path)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a directory", path)
	}
	return err
}

// toolName is the name a finding's evidence starts with, as a reader
// knows the tool.
func toolName(prefix string) string {
	if prefix == "vet" {
		return "go vet"
	}
	return prefix
}

// run runs the go command in dir and returns what it printed and how it
// exited; a failure to start it at all fails t.
func run(t testing.TB, dir, gocmd string, args ...string) (stdout, stderr string, exit error) {
	t.Helper()
	stdout, stderr, err := output(dir, nil, gocmd, args...)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("static.Analyze: go %s in %s: %v", strings.Join(args, " "), dir, err)
	}
	return stdout, stderr, err
}

// shortPath is path relative to the working directory when it lies
// below it, as go vet's own lines print it.
func shortPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rest, ok := strings.CutPrefix(path, wd+string(filepath.Separator)); ok {
		return rest
	}
	return path
}
