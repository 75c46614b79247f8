// Command proofs reads `go test -json` output of tests that use conctest
// and prints what each detector said: one line per proof, the full output
// of every failing test, and a summary of proven variants per verdict and
// of the proofs that passed while a detector could not run (go-deadlock
// with no go-deadlock lock in the binary, race without -race).
//
//	go test -race -json ./... | go run github.com/racelab/racelab/conctest/cmd/proofs
//
// It counts proofs: tests and subtests, not a parent that failed only
// because a subtest did, nor the package's own FAIL line. A package that
// fails with no failed test (a build, TestMain's exit code) is named
// once, with the last lines it printed. It exits 1 if any test or
// package failed, or if no test ran.
//
// With -junit it rewrites a JUnit file that gotestsum wrote from the same
// stream, so that each proof's testcase carries its verdict and evidence,
// and a failed proof's carries the verdict it wanted and, as its
// failure's message, the line in which it failed:
//
//	go tool gotestsum --junitfile junit.xml --raw-command -- cat test.json
//	go run github.com/racelab/racelab/conctest/cmd/proofs -junit junit.xml < test.json
//
// With -stress it runs the proving tests itself, n times at each
// GOMAXPROCS setting, and prints k/n per proof with its median and
// 95th-percentile time against the budgets; rows of Repeat proofs also
// show their median and 95th-percentile tries. The runs are built with
// -race; -swap names the go-deadlock build's overlay (conctest/cmd/swap),
// in which the tests run again, without -race, on rows of their own
// (-swap-run: only the tests it matches). -overlay and -tags pass an
// overlay and build tags on to go test:
//
//	go run github.com/racelab/racelab/conctest/cmd/proofs -stress -n 100 -cpu 1,2 ./...
//	go run github.com/racelab/racelab/conctest/cmd/proofs -stress -swap-run '^Test(No)?(LockOrder|Recursive|LockTimeout)' \
//		-swap "$(go run github.com/racelab/racelab/conctest/cmd/swap ./conctest/examples/flaky)" ./conctest/examples/flaky
//
// -shard k/m stresses every m-th test of those selected, from the k-th,
// so that m jobs share a run. -record writes each run of each proof as a
// JSON line, and -merge reads the shards' records and prints the report,
// with the same rows, totals and exit status, that the run unsharded
// prints: it makes its own from its records the same way. A merge fails
// when a shard is missing or given twice. -junit-out writes the rows as a
// JUnit file, from a run or a merge:
//
//	proofs -stress -n 100 -shard 3/8 -record shard-3.jsonl ./...   # on each of 8 jobs
//	proofs -merge -junit-out junit.xml shard-*.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	Elapsed     float64
	ImportPath  string // of build-output and build-fail events
	FailedBuild string // of a package's fail event: the build that failed
}

func main() {
	stressMode := flag.Bool("stress", false, "run the proving tests of the packages given as arguments, repeatedly")
	n := flag.Int("n", 100, "with -stress: runs per proof and GOMAXPROCS setting")
	cpus := flag.String("cpu", "1,2", "with -stress: GOMAXPROCS settings")
	run := flag.String("run", "^Test(No)?(Race|Leak|LockOrder|Recursive|LockTimeout|Blocked|Panic|Hang|Lost)", "with -stress: tests to run")
	skip := flag.String("skip", "", "with -stress: tests to leave out")
	shard := flag.String("shard", "0/1", "with -stress: k/m runs every m-th matching test from the k-th, so CI can rotate")
	tags := flag.String("tags", "", "with -stress: build tags for go test")
	overlay := flag.String("overlay", "", "with -stress: the overlay `file` go test builds the tests with")
	swapOverlay := flag.String("swap", "", "with -stress: the go-deadlock build's overlay `file` (conctest/cmd/swap); the tests run again in that build, without -race")
	swapRun := flag.String("swap-run", "", "with -stress and -swap: of the tests -run and -skip select, those to run again in the go-deadlock build (default: all)")
	record := flag.String("record", "", "with -stress: write each run of each proof to this `file` as a JSON line, for -merge")
	junitOut := flag.String("junit-out", "", "with -stress or -merge: write the report's rows to this JUnit `file`, a testcase per row")
	mergeMode := flag.Bool("merge", false, "read the records files given as arguments (-stress -record's, one per shard) and report each stress run they are shards of, as it would have unsharded")
	relabel := flag.String("relabel", "", "copy the go test -json stream on stdin to stdout with each package's name followed by ` (label)`: two builds' runs of one package, told apart")
	markdown := flag.String("markdown", "", "also append the summary (with -stress or -merge, the report) to this file as Markdown (in GitHub Actions: $GITHUB_STEP_SUMMARY)")
	junit := flag.String("junit", "", "rewrite this JUnit file (gotestsum's, from the same go test -json stream on stdin) with each proof's verdict, evidence and message")
	flag.Parse()
	if *junit != "" {
		if err := enrichJUnit(*junit, os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, "proofs -junit:", err)
			os.Exit(2)
		}
		return
	}
	o := outputs{record: *record, junit: *junitOut, markdown: *markdown}
	if *stressMode {
		os.Exit(stress(stressConfig{
			n: *n, cpus: strings.Split(*cpus, ","), run: *run, skip: *skip, shard: *shard, tags: *tags,
			overlay: *overlay, swapOverlay: *swapOverlay, swapRun: *swapRun, pkgs: flag.Args(), outputs: o,
		}, os.Stdout))
	}
	if *mergeMode {
		os.Exit(merge(flag.Args(), o, os.Stdout))
	}
	if *relabel != "" {
		if err := relabelStream(os.Stdin, os.Stdout, *relabel); err != nil {
			fmt.Fprintln(os.Stderr, "proofs -relabel:", err)
			os.Exit(2)
		}
		return
	}
	t := newTally()
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
	if t.failed > 0 || len(t.packages) > 0 || t.passed == 0 {
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
