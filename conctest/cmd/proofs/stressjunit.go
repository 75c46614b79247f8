package main

import (
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// stressSuites are a stress run's rows as JUnit: a testsuite per package,
// its go-deadlock build's rows in a suite of their own (as -relabel names
// them), and a testcase per row with the columns of the report as
// properties. A row whose broken variant was missed or whose fix was
// flagged fails, with its first miss; a row OVER its budget is marked,
// not failed, as in the report.
func stressSuites(results map[string]map[string]*stressResult, n int, cpus []string) []junitSuite {
	type suite struct {
		name     string
		cases    []junitCase
		failures int
		time     time.Duration
	}
	var suites []suite
	for _, name := range slices.Sorted(maps.Keys(results)) {
		pkg, test, _ := strings.Cut(name, ".")
		if t, ok := strings.CutSuffix(test, swapLabel); ok {
			test, pkg = t, pkg+swapLabel
		}
		w := stressRowOf(name, results[name], n, cpus)
		var total time.Duration
		for _, d := range w.times {
			total += d
		}
		c := junitCase{Attrs: xmlAttrs("classname", pkg, "name", test, "time", seconds(total))}
		props := []junitProp{{"verdict", w.verdict}}
		var counts []string
		for i, cpu := range cpus {
			props = append(props, junitProp{"cpu=" + cpu, fmt.Sprintf("%d/%d", w.passed[i], n)})
			counts = append(counts, fmt.Sprintf("%d/%d at cpu=%s", w.passed[i], n, cpu))
		}
		props = append(props, junitProp{"p50", w.p50.String()}, junitProp{"p95", w.p95.String()})
		if len(w.tries) > 0 {
			props = append(props, junitProp{"tries50", strconv.Itoa(w.tries50)}, junitProp{"tries95", strconv.Itoa(w.tries95)})
		}
		props = append(props, junitProp{"budget", budgetText(w.budget)}, junitProp{"status", w.status})
		c.Properties = &junitProps{Props: props}
		if w.status == "MISSED" || w.status == "FLAGGED" {
			c.Failure = &junitMessage{Message: w.status + ": " + strings.Join(counts, ", "), Type: w.status, Text: firstMiss(results[name], cpus)}
		}
		i := slices.IndexFunc(suites, func(s suite) bool { return s.name == pkg })
		if i < 0 {
			suites = append(suites, suite{name: pkg})
			i = len(suites) - 1
		}
		s := &suites[i]
		s.cases = append(s.cases, c)
		s.time += total
		if c.Failure != nil {
			s.failures++
		}
	}
	var out []junitSuite
	for _, s := range suites {
		attrs := xmlAttrs("name", s.name, "tests", strconv.Itoa(len(s.cases)), "failures", strconv.Itoa(s.failures), "errors", "0", "time", seconds(s.time))
		out = append(out, junitSuite{Attrs: attrs, Cases: s.cases})
	}
	return out
}

// firstMiss is the output of a row's first miss, at the first setting
// that had one.
func firstMiss(byCPU map[string]*stressResult, cpus []string) string {
	for _, c := range cpus {
		if r := byCPU[c]; r != nil && len(r.misses) > 0 {
			return r.misses[0]
		}
	}
	return ""
}

// writeStressJUnit writes suites to path as one JUnit file.
func writeStressJUnit(path string, suites []junitSuite) error {
	tests, failures := 0, 0
	for _, s := range suites {
		tests += len(s.Cases)
		for _, c := range s.Cases {
			if c.Failure != nil {
				failures++
			}
		}
	}
	doc := junitSuites{Attrs: xmlAttrs("name", "proofs -stress", "tests", strconv.Itoa(tests), "failures", strconv.Itoa(failures), "errors", "0"), Suites: suites}
	out, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}

// xmlAttrs makes attributes of name, value pairs.
func xmlAttrs(kv ...string) []xml.Attr {
	var as []xml.Attr
	for i := 0; i+1 < len(kv); i += 2 {
		as = append(as, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
	}
	return as
}

func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }
