package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// A stress run's records are JSON lines: a line that says which run and
// shard they are from, then one line per run of a proof. proofs -stress
// -record writes them; proofs -merge reads the shards' records and makes
// from them the report that the run unsharded prints, which makes its
// own from its records the same way.

// stressRun says which stress run, and which shard of it, records are from.
type stressRun struct {
	Selection string   `json:"selection"` // the flags and packages that choose the proofs
	N         int      `json:"n"`
	CPUs      []string `json:"cpus"`
	Shard     string   `json:"shard"` // "k/m"
}

// A runRecord is one run of one proof, in one build, at one GOMAXPROCS
// setting: its outcome and what its proofs said.
type runRecord struct {
	Proof   string          `json:"proof"`           // "locks.TestRaceFlagEvent", or a subtest's path
	Build   string          `json:"build,omitempty"` // "go-deadlock build", or "" for the plain build
	CPU     string          `json:"cpu"`
	Seq     int             `json:"seq"`    // the run's place among its proof's at its build and cpu, from 1
	Result  string          `json:"result"` // pass, fail or skip; "" when its binary died before saying
	Verdict string          `json:"verdict,omitempty"`
	Times   []time.Duration `json:"times,omitempty"`   // of each proof, in nanoseconds
	Tries   []int           `json:"tries,omitempty"`   // of each Repeat proof
	Twins   int             `json:"twins,omitempty"`   // twins run
	Retried []string        `json:"retried,omitempty"` // the test of each twin that needed more than one try
	Miss    string          `json:"miss,omitempty"`    // the output of its proof's first failed run
}

// recordLine is one line of a records file: a stressRun or a runRecord.
type recordLine struct {
	Stress *stressRun `json:"stress,omitempty"`
	Run    *runRecord `json:"run,omitempty"`
}

// recordFile is a stress run's, or a shard's, records.
type recordFile struct {
	head stressRun
	runs []runRecord
}

// outputs are the files a stress run, or a merge, writes besides its
// report on stdout; "" for none.
type outputs struct {
	record   string // the records, as JSON lines
	junit    string // a JUnit file: one testcase per row
	markdown string // the report, appended as Markdown
}

// parseShard reads "k/m".
func parseShard(s string) (k, m int, err error) {
	if _, err := fmt.Sscanf(s, "%d/%d", &k, &m); err != nil || m < 1 || k < 0 || k >= m {
		return 0, 0, fmt.Errorf("bad -shard %q: want k/m with 0 <= k < m", s)
	}
	return k, m, nil
}

func (h stressRun) sharded() bool {
	_, m, err := parseShard(h.Shard)
	return err == nil && m > 1
}

// write writes f's records to o.record, if set, and, if report, prints
// and writes its report. It returns the exit status.
func (o outputs) write(f recordFile, out io.Writer, report bool) int {
	if o.record != "" {
		if err := writeRecords(o.record, f); err != nil {
			fmt.Fprintln(out, "proofs -stress -record:", err)
			return 2
		}
	}
	if !report {
		return 0
	}
	return o.report([]recordFile{f}, nil, out)
}

func writeRecords(path string, f recordFile) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(recordLine{Stress: &f.head}); err != nil {
		return err
	}
	for i := range f.runs {
		if err := enc.Encode(recordLine{Run: &f.runs[i]}); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// readRecords reads a records file; one that several were concatenated
// into gives each.
func readRecords(path string) ([]recordFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var files []recordFile
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for n := 1; sc.Scan(); n++ {
		var l recordLine
		switch err := json.Unmarshal(sc.Bytes(), &l); {
		case err != nil:
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		case l.Stress != nil:
			files = append(files, recordFile{head: *l.Stress})
		case l.Run != nil && len(files) > 0:
			files[len(files)-1].runs = append(files[len(files)-1].runs, *l.Run)
		default:
			return nil, fmt.Errorf("%s:%d: not a record of proofs -stress -record", path, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no records", path)
	}
	return files, nil
}

// merge reads the records at paths and reports each stress run they are
// shards of, as the run unsharded would have. A run whose shards are not
// all there, once each, is reported from those that are, and the merge
// fails.
func merge(paths []string, o outputs, out io.Writer) int {
	var files []recordFile
	for _, p := range paths {
		fs, err := readRecords(p)
		if err != nil {
			fmt.Fprintln(out, "proofs -merge:", err)
			return 2
		}
		files = append(files, fs...)
	}
	if len(files) == 0 {
		fmt.Fprintln(out, "proofs -merge: no records files given")
		return 2
	}
	runs, errs := mergeShards(files)
	return o.report(runs, errs, out)
}

// mergeShards groups files by the run they are shards of, in the order
// the runs first appear, and says what is wrong with each group: shards
// that disagree on -n or -cpu, or on how many shards there are, and
// shards missing or given twice.
func mergeShards(files []recordFile) ([]recordFile, []error) {
	var runs []recordFile
	seen := map[string][]int{} // by selection: the times each shard was given
	var errs []error
	for _, f := range files {
		k, m, err := parseShard(f.head.Shard)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", f.head.Selection, err))
			continue
		}
		i := slices.IndexFunc(runs, func(r recordFile) bool { return r.head.Selection == f.head.Selection })
		if i < 0 {
			runs = append(runs, recordFile{head: f.head})
			seen[f.head.Selection] = make([]int, m)
			i = len(runs) - 1
		}
		r, count := &runs[i], seen[f.head.Selection]
		switch {
		case r.head.N != f.head.N || !slices.Equal(r.head.CPUs, f.head.CPUs):
			errs = append(errs, fmt.Errorf("%s: shard %s ran -n %d -cpu %s, another -n %d -cpu %s", f.head.Selection,
				f.head.Shard, f.head.N, strings.Join(f.head.CPUs, ","), r.head.N, strings.Join(r.head.CPUs, ",")))
			continue
		case m != len(count):
			errs = append(errs, fmt.Errorf("%s: shard %s is one of %d, another one of %d", f.head.Selection, f.head.Shard, m, len(count)))
			continue
		}
		count[k]++
		r.runs = append(r.runs, f.runs...)
	}
	for _, r := range runs {
		for k, c := range seen[r.head.Selection] {
			if c != 1 {
				errs = append(errs, fmt.Errorf("%s: shard %d/%d given %d times, want once", r.head.Selection, k, len(seen[r.head.Selection]), c))
			}
		}
	}
	return runs, errs
}

// report prints the report of each run, then errs, and writes the JUnit
// file and the Markdown. It returns the exit status: 2 if anything is in
// errs or a run had no test, else 1 if a proof missed or was flagged.
func (o outputs) report(runs []recordFile, errs []error, out io.Writer) int {
	status := 0
	var md strings.Builder
	var suites []junitSuite
	for _, r := range runs {
		var b strings.Builder
		if len(runs) > 1 {
			fmt.Fprintf(&b, "\n== proofs -stress %s\n", r.head.Selection)
		}
		results := tallyRecords(r.runs)
		if len(r.runs) == 0 {
			fmt.Fprintln(&b, "proofs -stress: no test matches")
			status = 2
		} else {
			status = max(status, report(results, r.head.N, r.head.CPUs, &b))
			suites = append(suites, stressSuites(results, r.head.N, r.head.CPUs)...)
		}
		fmt.Fprint(out, b.String())
		fmt.Fprintf(&md, "## Stress: proofs -stress %s\n\n```text\n%s```\n\n", r.head.Selection, strings.TrimLeft(b.String(), "\n"))
	}
	for _, err := range errs {
		fmt.Fprintln(out, "proofs -merge:", err)
		fmt.Fprintf(&md, "**proofs -merge: %s**\n\n", err)
		status = 2
	}
	if o.markdown != "" {
		if err := appendFile(o.markdown, md.String()); err != nil {
			fmt.Fprintln(out, "proofs -markdown:", err)
			status = 2
		}
	}
	if o.junit != "" {
		if err := writeStressJUnit(o.junit, suites); err != nil {
			fmt.Fprintln(out, "proofs -junit-out:", err)
			status = 2
		}
	}
	return status
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	return errors.Join(err, f.Close())
}

// tallyRecords sums runs up by proof, each proof's go-deadlock build
// apart, and by GOMAXPROCS setting. A proof is a row only if it ran in
// its build: one that skipped in every run is another build's.
func tallyRecords(runs []runRecord) map[string]map[string]*stressResult {
	runs = slices.Clone(runs)
	slices.SortStableFunc(runs, func(a, b runRecord) int {
		return cmp.Or(cmp.Compare(a.Proof, b.Proof), cmp.Compare(a.Build, b.Build), cmp.Compare(a.CPU, b.CPU), cmp.Compare(a.Seq, b.Seq))
	})
	results := map[string]map[string]*stressResult{}
	ran := map[string]bool{}
	for _, rec := range runs {
		key := rec.Proof
		if rec.Build != "" {
			key += " (" + rec.Build + ")"
		}
		if results[key] == nil {
			results[key] = map[string]*stressResult{}
		}
		r := results[key][rec.CPU]
		if r == nil {
			r = &stressResult{}
			results[key][rec.CPU] = r
		}
		r.add(rec)
		ran[key] = ran[key] || r.runs > 0
	}
	for key := range results {
		if !ran[key] {
			delete(results, key)
		}
	}
	return results
}

// add counts one run's record.
func (r *stressResult) add(rec runRecord) {
	r.verdict = cmp.Or(rec.Verdict, r.verdict)
	r.times = append(r.times, rec.Times...)
	r.tries = append(r.tries, rec.Tries...)
	r.twins += rec.Twins
	r.retried += len(rec.Retried)
	for _, t := range rec.Retried {
		if !slices.Contains(r.where, t) {
			r.where = append(r.where, t)
		}
	}
	switch rec.Result {
	case "pass":
		r.runs++
		r.passed++
	case "fail":
		r.runs++
		if len(r.misses) == 0 {
			r.misses = append(r.misses, rec.Miss)
		}
	}
}
