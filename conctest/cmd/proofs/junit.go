package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

// A JUnit file that gotestsum wrote from a go test -json stream knows
// whether each test passed, not what it proved: a passing case carries no
// verdict and a failure's message is "Failed". enrichJUnit reads the same
// stream and rewrites the file so that each proof's testcase carries its
// verdict as a property, the detectors that could not run as the
// property not-run, and its evidence as system-out; a failed proof's
// testcase carries the verdict it wanted and, as its failure's message,
// the proof's own.

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Attrs   []xml.Attr   `xml:",any,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Attrs      []xml.Attr  `xml:",any,attr"`
	Properties *junitProps `xml:"properties"`
	Cases      []junitCase `xml:"testcase"`
	SystemOut  *junitText  `xml:"system-out"`
	SystemErr  *junitText  `xml:"system-err"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Attrs      []xml.Attr    `xml:",any,attr"`
	Properties *junitProps   `xml:"properties"`
	Skipped    *junitMessage `xml:"skipped"`
	Failure    *junitMessage `xml:"failure"`
	SystemOut  *junitText    `xml:"system-out"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

type junitText struct {
	Text string `xml:",chardata"`
}

// proofLog is what one test said, read from the event stream.
type proofLog struct {
	output   strings.Builder
	verdicts []string
	notRun   []string // the detectors its proofs say could not run
	first    string   // its first t.Log or t.Fatal line
	failure  string   // the line in which a proof failed, and the verdict it wanted
	want     string
}

// logMessage is a t.Log or t.Fatal line: "    file_test.go:12: message".
var logMessage = regexp.MustCompile(`^\s+\S+\.go:\d+: (.+)$`)

// failedProof is how conctest and conctest/static say that a proof
// failed: "TestX: Race not proven: ...", "TestX: Vet not proven on dir
// ...", and for a fix "TestX: not clean: ..." or "TestX: clean, but the
// proof cannot fail: ...".
var failedProof = regexp.MustCompile(`^\S+: (?:(\w+) not proven\b|not clean\b|clean, but the proof cannot fail:)`)

// wanted is the verdict a proof's failure message says it wanted, or "".
func wanted(msg string) string {
	m := failedProof.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	return cmp.Or(m[1], "Clean")
}

func (c junitCase) attr(name string) string {
	for _, a := range c.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// enrichJUnit rewrites the JUnit file at path with what the events in
// stream proved.
func enrichJUnit(path string, stream io.Reader) error {
	logs, err := readLogs(stream)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc junitSuites
	if err := xml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	for i := range doc.Suites {
		for j := range doc.Suites[i].Cases {
			c := &doc.Suites[i].Cases[j]
			if l := logs[c.attr("classname")+" "+c.attr("name")]; l != nil {
				enrichCase(c, l)
			}
		}
	}
	out, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}

func enrichCase(c *junitCase, l *proofLog) {
	verdicts := l.verdicts
	if len(verdicts) > 0 {
		c.SystemOut = &junitText{Text: l.output.String()}
	}
	if c.Failure != nil {
		c.Failure.Message = cmp.Or(l.failure, l.first, c.Failure.Message)
		if l.want != "" {
			verdicts = []string{l.want}
		}
	}
	if len(verdicts) == 0 {
		return
	}
	if c.Properties == nil {
		c.Properties = &junitProps{}
	}
	for _, v := range verdicts {
		c.Properties.Props = append(c.Properties.Props, junitProp{Name: "verdict", Value: v})
	}
	if len(l.notRun) > 0 {
		c.Properties.Props = append(c.Properties.Props, junitProp{Name: "not-run", Value: strings.Join(l.notRun, ", ")})
	}
}

// readLogs collects each test's output and the verdicts it proved, by
// "package test".
func readLogs(in io.Reader) (map[string]*proofLog, error) {
	logs := map[string]*proofLog{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" || e.Action != "output" {
			continue
		}
		if strings.HasPrefix(e.Output, "=== ") || strings.HasPrefix(strings.TrimSpace(e.Output), "--- ") {
			continue
		}
		key := e.Package + " " + e.Test
		l := logs[key]
		if l == nil {
			l = &proofLog{}
			logs[key] = l
		}
		l.output.WriteString(e.Output)
		if m := provenLine.FindStringSubmatch(strings.TrimSpace(e.Output)); m != nil {
			l.verdicts = append(l.verdicts, m[1])
			for _, d := range notRun(m[0]) {
				if !slices.Contains(l.notRun, d) {
					l.notRun = append(l.notRun, d)
				}
			}
		}
		if m := logMessage.FindStringSubmatch(strings.TrimRight(e.Output, "\n")); m != nil {
			l.first = cmp.Or(l.first, m[1])
			if w := wanted(m[1]); w != "" && l.want == "" {
				l.failure, l.want = m[1], w
			}
		}
	}
	return logs, sc.Err()
}
