package main

import (
	"fmt"
	"io"
	"strings"
)

// A proof can pass while a detector could not look: go-deadlock with no
// go-deadlock lock in the binary, the race detector in a build without
// -race, staticcheck in a module without it as a tool. Its line says so
// after the proven clause, as "; not run: " and entries "name (why)"
// separated by ", ", where a why may hold commas, semicolons and
// parentheses of its own. Lines written before that clause said it
// inside a clean proof's "under" list.
const notRunClause = "; not run: "

// notRun returns the detectors that a proof's line says could not run.
func notRun(line string) []string {
	if _, clause, ok := strings.Cut(line, notRunClause); ok {
		return entries(clause)
	}
	fix, _, _ := strings.Cut(line, twinPart)
	var names []string
	if strings.Contains(fix, "go-deadlock (no go-deadlock lock in this binary") {
		names = append(names, "go-deadlock")
	}
	if strings.Contains(fix, "(race detector off:") {
		names = append(names, "race")
	}
	return names
}

// entries returns the names of a "not run" clause's entries. The clause
// ends at a semicolon outside parentheses, or with the line.
func entries(clause string) []string {
	var names []string
	depth, start := 0, 0
	add := func(end int) {
		name, _, _ := strings.Cut(strings.TrimSpace(clause[start:end]), " (")
		if name != "" {
			names = append(names, name)
		}
	}
	for i, c := range clause {
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth = max(0, depth-1)
		case c == ';' && depth == 0:
			add(i)
			return names
		case c == ',' && depth == 0:
			add(i)
			start = i + 1
		}
	}
	add(len(clause))
	return names
}

// notRunSummary is the line that counts the proofs that passed with
// detectors that could not run, and how often each could not ("" for
// none).
func notRunSummary(byDetector map[string][]string, proofs int) string {
	if proofs == 0 {
		return ""
	}
	var counts []string
	for _, d := range sortedKeys(byDetector) {
		counts = append(counts, fmt.Sprintf("%s ×%d", d, len(byDetector[d])))
	}
	return fmt.Sprintf("%d proofs passed with detectors that could not run: %s", proofs, strings.Join(counts, ", "))
}

// printNotRun prints the summary line and, for each detector, the proofs
// it could not look at: the first few, since a build without -race or
// without go-deadlock's locks leaves out every clean proof.
func printNotRun(out io.Writer, byDetector map[string][]string, proofs int) {
	line := notRunSummary(byDetector, proofs)
	if line == "" {
		return
	}
	fmt.Fprintln(out, line)
	const shown = 5
	for _, d := range sortedKeys(byDetector) {
		names := byDetector[d]
		more := ""
		if len(names) > shown {
			names, more = names[:shown], fmt.Sprintf(", and %d more", len(names)-shown)
		}
		fmt.Fprintf(out, "  %s: %s%s\n", d, strings.Join(names, ", "), more)
	}
}
