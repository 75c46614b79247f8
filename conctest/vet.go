package conctest

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Analyze runs go vet (every default analyzer) and staticcheck on the package
// in dir and returns their messages as Vet findings. Code that vet
// rejects lives under a testdata directory, which go vet ./... skips, so
// the module stays vet-clean while the lesson is still checked.
func Analyze(t testing.TB, dir string) *Report {
	t.Helper()
	start := time.Now()
	r := &Report{RaceOff: !raceEnabled}
	pkg := "./" + filepath.ToSlash(filepath.Clean(dir))
	for _, args := range [][]string{{"vet", pkg}, {"tool", "staticcheck", pkg}} {
		out, err := exec.Command(goCommand(), args...).CombinedOutput()
		r.Output += string(out)
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("conctest.Analyze: go %s: %v", strings.Join(args, " "), err)
		}
		for line := range strings.Lines(string(out)) {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue // "# package" headers
			}
			r.Findings = append(r.Findings, Finding{Verdict: Vet, Run: "static", Evidence: args[len(args)-2] + ": " + line})
		}
	}
	r.Elapsed = time.Since(start)
	return r
}

// ProveVet fails t unless go vet or staticcheck reports a message naming
// blame (an analyzer's words, such as "passes lock by value") on the
// package in dir.
func ProveVet(t testing.TB, dir, blame string) {
	t.Helper()
	r := Analyze(t, dir)
	if err := r.Check(Vet, blame); err != nil {
		t.Fatalf("%s: Vet not proven on %s: %v", t.Name(), dir, err)
	}
	t.Logf("proven: Vet by static analysis, naming %q [%v]", blame, r.Elapsed.Round(time.Millisecond))
}

func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go" // the error will say it is not on PATH
}
