package static

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// How a report says that staticcheck could not run, and how to let it.
const (
	staticcheckName   = "staticcheck"
	staticcheckNotRun = "staticcheck did not run, go vet did: "
	noStaticcheck     = "the module has no tool directive for it: go get -tool honnef.co/go/tools/cmd/staticcheck@latest"
)

// A diagnostic is one analyzer's message at one place in the source.
type diagnostic struct {
	tool      string // "vet" or "staticcheck", as a finding's evidence starts
	file      string
	line, col int
	message   string
}

// String is the diagnostic as its tool prints it, after the tool's name:
// "vet: testdata/copylock/copylock.go:24:9: Add passes lock by value: ...".
func (d diagnostic) String() string {
	return fmt.Sprintf("%s: %s:%d:%d: %s", d.tool, shortPath(d.file), d.line, d.col, d.message)
}

var posn = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*):(\d+):(\d+)$`) })

// vet runs go vet -json on the package in dir and returns its findings
// in source order. With -json, go vet exits 0 whenever its analyzers ran,
// findings or not, and fails only when it could not analyze the package
// (a load or type-check error): that fails t, since the analyzers never
// looked. Without -json, both end in exit status 1.
func vet(t testing.TB, gocmd, dir string) []string {
	t.Helper()
	stdout, stderr, err := run(t, dir, gocmd, "vet", "-json", ".")
	if err != nil {
		t.Fatalf("static.Analyze: go vet could not analyze the package in %s (%v):\n%s%s", dir, err, stderr, stdout)
	}
	diags, err := vetDiagnostics(stdout, dir)
	if err != nil {
		t.Fatalf("static.Analyze: %v", err)
	}
	return lines(sorted(diags))
}

// vetDiagnostics reads the JSON of go vet run in dir: for each package,
// each analyzer's list of diagnostics, or the error that stopped the
// analyzer, which is returned.
func vetDiagnostics(stdout, dir string) ([]diagnostic, error) {
	var diags []diagnostic
	dec := json.NewDecoder(strings.NewReader(stdout))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage // package, analyzer: its diagnostics or its error
		if err := dec.Decode(&tree); err != nil {
			return nil, fmt.Errorf("go vet -json in %s: %v:\n%s", dir, err, stdout)
		}
		for _, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var list []struct{ Posn, Message string }
				if err := json.Unmarshal(raw, &list); err != nil {
					var failed struct{ Error string }
					_ = json.Unmarshal(raw, &failed)
					return nil, fmt.Errorf("go vet's %s analyzer could not analyze the package in %s: %s", analyzer, dir, cmp.Or(failed.Error, string(raw)))
				}
				for _, d := range list {
					m := posn().FindStringSubmatch(d.Posn)
					if m == nil {
						m = []string{d.Posn, d.Posn, "0", "0"}
					}
					line, _ := strconv.Atoi(m[2])
					col, _ := strconv.Atoi(m[3])
					diags = append(diags, diagnostic{tool: "vet", file: m[1], line: line, col: col, message: d.Message})
				}
			}
		}
	}
	return diags, nil
}

// sorted puts go vet's diagnostics, which come a map at a time, in
// source order.
func sorted(diags []diagnostic) []diagnostic {
	slices.SortFunc(diags, func(a, b diagnostic) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col), cmp.Compare(a.message, b.message))
	})
	return diags
}

// staticcheck runs the module's staticcheck on the package in dir and
// returns its findings as it prints them, its check's code last. It
// returns an error, and no findings, when the module has no staticcheck
// tool; a package staticcheck cannot load or type-check fails t.
func staticcheck(t testing.TB, tool *toolRun, dir string) ([]string, error) {
	t.Helper()
	diags, notRun, err := staticcheckDiagnostics(tool, dir)
	if err != nil {
		t.Fatalf("static.Analyze: %v", err)
	}
	return lines(diags), notRun
}

// staticcheckDiagnostics waits for a staticcheck run in dir and reads its
// JSON. notRun says why it did not run (the module has no such tool);
// err, that it ran but could not analyze a package.
func staticcheckDiagnostics(tool *toolRun, dir string) (diags []diagnostic, notRun, err error) {
	stdout, stderr, err := tool.wait()
	if tool.missing {
		return nil, errors.New(noStaticcheck), nil
	}
	if _, exited := err.(*exec.ExitError); err != nil && (!exited || strings.TrimSpace(stdout) == "") {
		return nil, nil, fmt.Errorf("go tool staticcheck in %s (%v):\n%s", dir, err, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	for dec.More() {
		var p struct {
			Code, Message string
			Location      struct {
				File         string
				Line, Column int
			}
		}
		if err := dec.Decode(&p); err != nil {
			return nil, nil, fmt.Errorf("go tool staticcheck -f json in %s: %v:\n%s", dir, err, stdout)
		}
		if p.Code == "compile" { // its word for a package it could not load
			return nil, nil, fmt.Errorf("staticcheck could not analyze the package in %s:\n%s", dir, p.Message)
		}
		msg := p.Message + " (" + p.Code + ")"
		diags = append(diags, diagnostic{tool: staticcheckName, file: p.Location.File, line: p.Location.Line, col: p.Location.Column, message: msg})
	}
	return diags, nil, nil
}

// lines are the diagnostics as a finding's evidence reads them.
func lines(diags []diagnostic) []string {
	s := make([]string, len(diags))
	for i, d := range diags {
		s[i] = d.String()
	}
	return s
}
