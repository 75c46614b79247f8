// Command proofs reads `go test -json` output of tests that use conctest
// and prints what each detector said: one line per proof, the full output
// of every failing test, and a summary of proven variants per verdict.
//
//	go test -race -json ./... | go run github.com/racelab/racelab/conctest/cmd/proofs
//
// It exits 1 if any test or package failed, or if no test ran.
//
// With -junit it rewrites a JUnit file that gotestsum wrote from the same
// stream, so that each proof's testcase carries its verdict and evidence
// and a failure's message is the proof's own:
//
//	go tool gotestsum --junitfile junit.xml --raw-command -- cat test.json
//	go run github.com/racelab/racelab/conctest/cmd/proofs -junit junit.xml < test.json
//
// With -stress it runs the proving tests itself, n times at each
// GOMAXPROCS setting, and prints k/n per proof with its median and
// 95th-percentile time against the budgets; rows of Repeat proofs also
// show their median and 95th-percentile tries. -tags passes build tags on
// to go test:
//
//	go run github.com/racelab/racelab/conctest/cmd/proofs -stress -n 100 -cpu 1,2 ./...
//	go run github.com/racelab/racelab/conctest/cmd/proofs -stress -tags deadlock ./conctest/examples/flaky
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

var provenLine = regexp.MustCompile(`(?:^|\.go:\d+: )proven: (\w+) (.*)$`)

type tally struct {
	passed, failed, skipped int
	failures                []string // "pkg.Test: the first line of its message"
	byVerdict               map[string][]string
	output                  map[string]*strings.Builder // by package + test
}

func main() {
	stressMode := flag.Bool("stress", false, "run the proving tests of the packages given as arguments, repeatedly")
	n := flag.Int("n", 100, "with -stress: runs per proof and GOMAXPROCS setting")
	cpus := flag.String("cpu", "1,2", "with -stress: GOMAXPROCS settings")
	run := flag.String("run", "^Test(No)?(Race|Leak|LockOrder|Recursive|LockTimeout|Blocked|Panic|Hang|Lost)", "with -stress: tests to run")
	skip := flag.String("skip", "", "with -stress: tests to leave out")
	shard := flag.String("shard", "0/1", "with -stress: k/m runs every m-th matching test from the k-th, so CI can rotate")
	tags := flag.String("tags", "", "with -stress: build tags for go test (deadlock, for conctest/syncutil's go-deadlock mutexes)")
	markdown := flag.String("markdown", "", "also append the summary to this file as Markdown (in GitHub Actions: $GITHUB_STEP_SUMMARY)")
	junit := flag.String("junit", "", "rewrite this JUnit file (gotestsum's, from the same go test -json stream on stdin) with each proof's verdict, evidence and message")
	flag.Parse()
	if *junit != "" {
		if err := enrichJUnit(*junit, os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, "proofs -junit:", err)
			os.Exit(2)
		}
		return
	}
	if *stressMode {
		os.Exit(stress(*n, strings.Split(*cpus, ","), *run, *skip, *shard, *tags, flag.Args(), os.Stdout))
	}
	t := &tally{byVerdict: map[string][]string{}, output: map[string]*strings.Builder{}}
	if err := t.read(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "proofs:", err)
		os.Exit(2)
	}
	t.summary(os.Stdout)
	if *markdown != "" {
		if err := t.appendMarkdown(*markdown); err != nil {
			fmt.Fprintln(os.Stderr, "proofs -markdown:", err)
			os.Exit(2)
		}
	}
	if t.failed > 0 || t.passed == 0 {
		os.Exit(1)
	}
}

func (t *tally) read(in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Fprintln(out, sc.Text()) // not JSON: a build error, say
			continue
		}
		t.handle(e, out)
	}
	return sc.Err()
}

func (t *tally) handle(e event, out io.Writer) {
	key := e.Package + " " + e.Test
	switch e.Action {
	case "output":
		b := t.output[key]
		if b == nil {
			b = &strings.Builder{}
			t.output[key] = b
		}
		b.WriteString(e.Output)
	case "build-output":
		fmt.Fprint(out, e.Output)
	case "build-fail":
		t.failed++
	case "pass", "skip", "fail":
		t.finish(e, key, out)
	}
}

func (t *tally) finish(e event, key string, out io.Writer) {
	text := ""
	if b := t.output[key]; b != nil {
		text = b.String()
		delete(t.output, key)
	}
	pkg := e.Package[strings.LastIndex(e.Package, "/")+1:]
	if e.Test == "" { // the package itself
		if e.Action == "fail" {
			t.failed++
			fmt.Fprintf(out, "FAIL %s\n%s", e.Package, text)
		} else {
			fmt.Fprintf(out, "ok   %s (%.1fs)\n", e.Package, e.Elapsed)
		}
		return
	}
	switch e.Action {
	case "fail":
		t.failed++
		t.failures = append(t.failures, pkg+"."+e.Test+": "+firstMessage(text))
		fmt.Fprintf(out, "FAIL %s.%s\n%s", pkg, e.Test, text)
	case "skip":
		t.skipped++
		fmt.Fprintf(out, "skip %s.%s: %s\n", pkg, e.Test, lastLogLine(text))
	case "pass":
		t.passed++
		for line := range strings.Lines(text) {
			if m := provenLine.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				if pkg != "conctest" { // the engine's self-tests prove no variant
					t.byVerdict[m[1]] = append(t.byVerdict[m[1]], pkg+"."+e.Test)
				}
				fmt.Fprintf(out, "  %-44s %s %s\n", pkg+"."+e.Test, m[1], m[2])
			}
		}
	}
}

// firstMessage is the first t.Log or t.Fatal line of a test's output.
func firstMessage(text string) string {
	for line := range strings.Lines(text) {
		if m := logMessage.FindStringSubmatch(strings.TrimRight(line, "\n")); m != nil {
			return m[1]
		}
	}
	return "(no message)"
}

// appendMarkdown appends the summary to path as Markdown.
func (t *tally) appendMarkdown(path string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "## Proofs\n\n%d passed, %d failed, %d skipped\n\n| verdict | variants proven |\n|---|---|\n", t.passed, t.failed, t.skipped)
	verdicts := make([]string, 0, len(t.byVerdict))
	for v := range t.byVerdict {
		verdicts = append(verdicts, v)
	}
	slices.Sort(verdicts)
	for _, v := range verdicts {
		fmt.Fprintf(f, "| %s | %d |\n", v, len(t.byVerdict[v]))
	}
	if len(t.failures) > 0 {
		fmt.Fprintf(f, "\n### Failed\n\n")
		for _, m := range t.failures {
			fmt.Fprintf(f, "- `%s`\n", strings.ReplaceAll(m, "`", "'"))
		}
	}
	return f.Close()
}

// lastLogLine is the skip message: the last t.Log line of the test.
func lastLogLine(text string) string {
	last := ""
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "---") && !strings.HasPrefix(line, "===") {
			last = line
		}
	}
	return last
}

func (t *tally) summary(out io.Writer) {
	fmt.Fprintln(out, "\nvariants proven, per verdict (Clean: fixed variants):")
	verdicts := make([]string, 0, len(t.byVerdict))
	for v := range t.byVerdict {
		verdicts = append(verdicts, v)
	}
	slices.Sort(verdicts)
	for _, v := range verdicts {
		fmt.Fprintf(out, "  %-12s %3d\n", v, len(t.byVerdict[v]))
	}
	fmt.Fprintf(out, "proofs: %d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped)
}
