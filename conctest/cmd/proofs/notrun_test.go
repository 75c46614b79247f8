package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A proof's line names the detectors that could not run in a "; not run:"
// clause after its proven clause; before the clause, a clean proof said so
// inside its "under" list. Both are read.
func TestNotRun(t *testing.T) {
	for line, want := range map[string][]string{
		// Recorded before the clause: go-deadlock with no go-deadlock
		// lock in the binary, and a build without -race.
		"proven: Clean under race, go-deadlock (no go-deadlock lock in this binary: it saw nothing; with conctest/syncutil, build with -tags deadlock), goleak, invariant, watchdog [417ms]; the same workload on its twin: Race by race, blaming gate.(*Cache).Get [389ms]": {"go-deadlock"},
		"proven: Clean under go-deadlock, goleak, invariant, watchdog, synctest (race detector off: run go test -race) [121ms]":                                                                                                                                              {"race"},
		// The clause, its reasons holding commas, semicolons and
		// parentheses of their own, and another clause after it.
		"proven: Clean under race, goleak [417ms]; not run: go-deadlock (no go-deadlock lock is in this test binary: go-deadlock sees only its own Mutex and RWMutex, not sync's; it judges the go-deadlock build, which swaps sync's for them: go test -overlay \"$(go run github.com/racelab/racelab/conctest/cmd/swap ./...)\" ./...); the same workload on its twin: Race by race, blaming gate.(*Cache).Get [389ms]": {"go-deadlock"},
		"proven: Clean under goleak [121ms]; not run: go-deadlock (no lock of its own (sync's only), so it saw nothing), race (built without -race: run go test -race)":                                            {"go-deadlock", "race"},
		"proven: Clean under goleak [2.5s] (clean in 1000 tries of at most 1000, over 2.4s); not run: race (off)":                                                                                                  {"race"},
		`proven: Vet by go vet, naming "passes lock by value" [310ms] (analyzers: go vet); not run: staticcheck (the module has no tool directive for it: go get -tool honnef.co/go/tools/cmd/staticcheck@latest)`: {"staticcheck"},
		"proven: Race by race, blaming gate.(*Cache).Get [59ms]":            nil,
		"proven: Clean under race, go-deadlock, goleak [70ms]":              nil,
		"proven: Lost by invariant, blaming got 3, want 4 (of items) [9ms]": nil,
	} {
		assert.Equal(t, want, notRun(line), "notRun(%q)", line)
	}
}

func TestSummaryCountsProofsWithDetectorsNotRun(t *testing.T) {
	_, out, md := summarize(t, recorded(t, "notrun-old.json"))
	assert.Contains(t, out, "2 proofs passed with detectors that could not run: go-deadlock ×1, race ×1\n"+
		"  go-deadlock: gate.TestNoRaceGetLocked\n"+
		"  race: conctest.TestNoRaceControl\n")
	assert.Contains(t, md, "2 proofs passed with detectors that could not run: go-deadlock ×1, race ×1")

	_, out, _ = summarize(t, recorded(t, "notrun-new.json"))
	assert.Contains(t, out, "4 proofs passed with detectors that could not run: go-deadlock ×2, race ×2, staticcheck ×1\n"+
		"  go-deadlock: gate.TestNoRaceGetLocked, conctest.TestNoRaceControl\n"+
		"  race: conctest.TestNoRaceControl, flaky.TestNoLeakLookup\n"+
		"  staticcheck: locks.TestVetCopyValue\n")
	assert.Contains(t, out, "proofs: 5 passed, 0 failed, 0 skipped")
}

func TestJUnitNamesDetectorsNotRun(t *testing.T) {
	for file, want := range map[string]map[string]string{
		"notrun-old": {"TestNoRaceGetLocked": "go-deadlock", "TestNoRaceControl": "race"},
		"notrun-new": {"TestNoRaceGetLocked": "go-deadlock", "TestNoRaceControl": "go-deadlock, race",
			"TestNoLeakLookup": "race", "TestVetCopyValue": "staticcheck"},
	} {
		path := filepath.Join(t.TempDir(), "junit.xml")
		require.NoError(t, os.WriteFile(path, []byte(recorded(t, file+".junit.xml")), 0o644))
		require.NoError(t, enrichJUnit(path, strings.NewReader(recorded(t, file+".json"))))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		var doc junitSuites
		require.NoError(t, xml.Unmarshal(data, &doc))
		got := map[string]string{}
		for _, s := range doc.Suites {
			for _, c := range s.Cases {
				if c.Properties == nil {
					continue
				}
				for _, p := range c.Properties.Props {
					if p.Name == "not-run" {
						got[c.attr("name")] = p.Value
					}
				}
			}
		}
		assert.Equal(t, want, got, "the not-run properties of %s", file)
	}
}
