package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A shard's results are JSON lines: a line that says which shard of which
// run they are from, then one line per mutant. mutate -record writes
// them; mutate -merge reads every shard's and prints the lines and the
// total the run unsharded prints.

// shardRun says which mutants a shard's results are of.
type shardRun struct {
	Selection string        `json:"selection"` // -run and the package directories
	Shard     string        `json:"shard"`     // "k/m"
	Mutants   int           `json:"mutants"`   // how many the shard held
	Took      time.Duration `json:"took"`
}

// A mutantRecord is one mutant's fate.
type mutantRecord struct {
	Index   int           `json:"index"` // its place among the mutants selected, in list order
	Variant string        `json:"variant"`
	Desc    string        `json:"desc"`
	Pkg     string        `json:"pkg"`
	File    string        `json:"file"`
	Decl    string        `json:"decl"`
	Pos     string        `json:"pos"`
	Verdict string        `json:"verdict"`
	Detail  string        `json:"detail"`
	Took    time.Duration `json:"took"`
}

type recordLine struct {
	Shard  *shardRun     `json:"shard,omitempty"`
	Mutant *mutantRecord `json:"mutant,omitempty"`
}

// outputs are the files a run or a merge writes besides stdout; "" for none.
type outputs struct {
	record   string // the results, as JSON lines
	junit    string // a JUnit file, to which a testsuite "mutate" is added
	markdown string // the total, appended as Markdown
}

// parseShard reads "k/m".
func parseShard(s string) (k, m int, err error) {
	if _, err := fmt.Sscanf(s, "%d/%d", &k, &m); err != nil || m < 1 || k < 0 || k >= m {
		return 0, 0, fmt.Errorf("bad -shard %q: want k/m with 0 <= k < m", s)
	}
	return k, m, nil
}

// shardOf returns the mutants of every m-th variant of ms, from the k-th,
// and their places in ms. A variant's mutants stay together, so that one
// shard checks its proofs unmutated, not each.
func shardOf(ms []mutant, k, m int) ([]mutant, []int) {
	var out []mutant
	var at []int
	vs := variantsOf(ms)
	for i, x := range ms {
		v := slices.IndexFunc(vs, func(o mutant) bool { return o.Variant == x.Variant })
		if v%m == k {
			out, at = append(out, x), append(at, i)
		}
	}
	return out, at
}

func writeRecords(path string, run shardRun, results []result, at []int) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(recordLine{Shard: &run})
	for i, r := range results {
		err = errors.Join(err, enc.Encode(recordLine{Mutant: &mutantRecord{
			Index: at[i], Variant: r.m.Variant, Desc: r.m.Desc, Pkg: r.m.Pkg, File: r.m.File, Decl: r.m.Decl, Pos: r.m.Pos,
			Verdict: r.verdict, Detail: r.detail, Took: r.took,
		}}))
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// A shardFile is one shard's results.
type shardFile struct {
	run     shardRun
	results []mutantRecord
}

func readRecords(path string) (shardFile, error) {
	var f shardFile
	data, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		var l recordLine
		switch err := json.Unmarshal(sc.Bytes(), &l); {
		case err != nil:
			return f, fmt.Errorf("%s:%d: %v", path, n, err)
		case l.Shard != nil && n == 1:
			f.run = *l.Shard
		case l.Mutant != nil && n > 1:
			f.results = append(f.results, *l.Mutant)
		default:
			return f, fmt.Errorf("%s:%d: not a record of mutate -record", path, n)
		}
	}
	if err := sc.Err(); err != nil {
		return f, fmt.Errorf("%s: %v", path, err)
	}
	if f.run.Shard == "" {
		return f, fmt.Errorf("%s: no records", path)
	}
	return f, nil
}

// merge reads the shards' results at paths and prints each mutant's line
// and the total, as the run unsharded prints them. The merge fails when
// the shards are of different runs, or one is missing or given twice: it
// still prints what they hold.
func merge(paths []string, o outputs, out io.Writer) int {
	if len(paths) == 0 {
		fmt.Fprintln(out, "mutate -merge: no records files given")
		return 2
	}
	var files []shardFile
	for _, p := range paths {
		f, err := readRecords(p)
		if err != nil {
			fmt.Fprintln(out, "mutate -merge:", err)
			return 2
		}
		files = append(files, f)
	}
	var recs []mutantRecord
	var n int
	var took time.Duration
	for _, f := range files {
		recs, n, took = append(recs, f.results...), n+f.run.Mutants, took+f.run.Took
	}
	slices.SortStableFunc(recs, func(a, b mutantRecord) int { return cmp.Compare(a.Index, b.Index) })
	results := make([]result, len(recs))
	for i, r := range recs {
		m := mutant{Variant: r.Variant, Desc: r.Desc, Pkg: r.Pkg, File: r.File, Decl: r.Decl, Pos: r.Pos}
		results[i] = result{m: m, verdict: r.Verdict, detail: r.Detail, took: r.Took}
		fmt.Fprintln(out, results[i])
	}
	status := o.finish(out, results, n, took)
	for _, err := range shardErrors(files) {
		fmt.Fprintln(out, "mutate -merge:", err)
		status = 2
	}
	return status
}

// shardErrors says what is wrong with a merge's shards: another run's
// shard, a number of shards that differs, a shard missing or given twice.
func shardErrors(files []shardFile) []error {
	var errs []error
	first := files[0].run
	_, m, err := parseShard(first.Shard)
	if err != nil {
		return []error{err}
	}
	count := make([]int, m)
	for _, f := range files {
		k, mm, err := parseShard(f.run.Shard)
		switch {
		case err != nil:
			errs = append(errs, err)
		case f.run.Selection != first.Selection:
			errs = append(errs, fmt.Errorf("shard %s is of %q, shard %s of %q", f.run.Shard, f.run.Selection, first.Shard, first.Selection))
		case mm != m:
			errs = append(errs, fmt.Errorf("shard %s is one of %d, shard %s one of %d", f.run.Shard, mm, first.Shard, m))
		default:
			count[k]++
		}
	}
	for k, c := range count {
		if c != 1 {
			errs = append(errs, fmt.Errorf("shard %d/%d given %d times, want once", k, m, c))
		}
	}
	return errs
}

// finish prints the total and the survivors, writes the outputs other
// than the records, and returns the exit status.
func (o outputs) finish(out io.Writer, results []result, n int, took time.Duration) int {
	var sum strings.Builder
	status := summarize(&sum, results, n, took)
	fmt.Fprint(out, sum.String())
	if o.markdown != "" {
		if err := appendFile(o.markdown, "## Mutants\n\n```text\n"+sum.String()+"```\n\n"); err != nil {
			fmt.Fprintln(out, "mutate -markdown:", err)
			status = 2
		}
	}
	if o.junit != "" {
		if err := addJUnit(o.junit, results, n); err != nil {
			fmt.Fprintln(out, "mutate -junit-out:", err)
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

// The JUnit file: other suites (proofs -merge's) are kept as they are.
type junitDoc struct {
	XMLName xml.Name     `xml:"testsuites"`
	Attrs   []xml.Attr   `xml:",any,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Inner string     `xml:",innerxml"`
}

type junitCase struct {
	XMLName   xml.Name      `xml:"testcase"`
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// addJUnit writes the mutants as the testsuite "mutate" of the JUnit file
// at path, in place of one it holds, beside its other suites: a killed
// mutant is a passing testcase, a survivor or an error a failing one.
func addJUnit(path string, results []result, n int) error {
	var doc junitDoc
	if data, err := os.ReadFile(path); err == nil {
		if err := xml.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	}
	doc.Suites = slices.DeleteFunc(doc.Suites, func(s junitSuite) bool { return attr(s.Attrs, "name") == "mutate" })
	var inner bytes.Buffer
	bad := 0
	for _, r := range results {
		c := junitCase{Classname: r.m.Variant, Name: r.m.Desc, Time: strconv.FormatFloat(r.took.Seconds(), 'f', 3, 64)}
		if r.verdict == killed {
			c.SystemOut = r.detail
		} else {
			bad++
			c.Failure = &junitFailure{Message: clip(r.detail, 160), Type: r.verdict, Text: r.m.Pos + ": " + r.detail}
		}
		b, err := xml.MarshalIndent(c, "\t\t", "\t")
		if err != nil {
			return err
		}
		inner.WriteString("\n\t\t")
		inner.Write(bytes.TrimLeft(b, "\t"))
	}
	if len(results) < n {
		bad += n - len(results) // not run
	}
	inner.WriteString("\n\t")
	doc.Suites = append(doc.Suites, junitSuite{Attrs: xmlAttrs("name", "mutate", "tests", strconv.Itoa(n), "failures", strconv.Itoa(bad), "errors", "0"), Inner: inner.String()})
	tests, failures := 0, 0
	for _, s := range doc.Suites {
		t, _ := strconv.Atoi(attr(s.Attrs, "tests"))
		f, _ := strconv.Atoi(attr(s.Attrs, "failures"))
		tests, failures = tests+t, failures+f
	}
	doc.Attrs = setAttr(setAttr(doc.Attrs, "tests", strconv.Itoa(tests)), "failures", strconv.Itoa(failures))
	out, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}

func attr(as []xml.Attr, name string) string {
	for _, a := range as {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// setAttr sets the attribute name of as, in its place or at the end.
func setAttr(as []xml.Attr, name, value string) []xml.Attr {
	if i := slices.IndexFunc(as, func(a xml.Attr) bool { return a.Name.Local == name }); i >= 0 {
		as[i].Value = value
		return as
	}
	return append(as, xmlAttrs(name, value)...)
}

func xmlAttrs(kv ...string) []xml.Attr {
	var as []xml.Attr
	for i := 0; i+1 < len(kv); i += 2 {
		as = append(as, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
	}
	return as
}
