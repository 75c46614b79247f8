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

// gotestsumJUnit is what gotestsum v1.13 writes for the events below.
const gotestsumJUnit = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="2" failures="1" errors="0" time="0.05">
	<testsuite tests="2" failures="1" time="0.2" name="p" timestamp="0001-01-01T00:00:00Z">
		<properties>
			<property name="go.version" value="go1.26.8 linux/amd64"></property>
		</properties>
		<testcase classname="p" name="TestNoRaceB" time="0.1">
			<failure message="Failed" type="">    b_test.go:9: TestNoRaceB: not clean: want Clean, got race said Race&#xA;</failure>
		</testcase>
		<testcase classname="p" name="TestRaceA" time="0.1"></testcase>
	</testsuite>
</testsuites>
`

func TestJUnitCarriesVerdictsAndMessages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.WriteFile(path, []byte(gotestsumJUnit), 0o644))
	stream := `{"Action":"output","Package":"p","Test":"TestRaceA","Output":"=== RUN   TestRaceA\n"}
{"Action":"output","Package":"p","Test":"TestRaceA","Output":"    a_test.go:3: proven: Race by race, blaming p.f [10ms]\n"}
{"Action":"output","Package":"p","Test":"TestRaceA","Output":"        WARNING: DATA RACE\n"}
{"Action":"pass","Package":"p","Test":"TestRaceA","Elapsed":0.1}
{"Action":"output","Package":"p","Test":"TestNoRaceB","Output":"    b_test.go:9: TestNoRaceB: not clean: want Clean, got race said Race\n"}
{"Action":"fail","Package":"p","Test":"TestNoRaceB","Elapsed":0.1}
`
	require.NoError(t, enrichJUnit(path, strings.NewReader(stream)))

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc junitSuites // a JUnit parser's reading
	require.NoError(t, xml.Unmarshal(data, &doc))
	require.Len(t, doc.Suites, 1)
	cases := doc.Suites[0].Cases
	require.Len(t, cases, 2, "one testcase per proof")
	b, a := cases[0], cases[1]
	assert.Equal(t, "TestRaceA", a.attr("name"))
	require.NotNil(t, a.Properties)
	assert.Equal(t, []junitProp{{"verdict", "Race"}}, a.Properties.Props)
	require.NotNil(t, a.SystemOut)
	assert.Contains(t, a.SystemOut.Text, "WARNING: DATA RACE", "the evidence")
	require.NotNil(t, b.Failure)
	assert.Equal(t, "TestNoRaceB: not clean: want Clean, got race said Race", b.Failure.Message, "the proof's own message, not Failed")
	require.NotNil(t, b.Properties, "a failed proof names the verdict it wanted")
	assert.Equal(t, []junitProp{{"verdict", "Clean"}}, b.Properties.Props)
	assert.Contains(t, string(data), `<property name="go.version"`, "gotestsum's own content is kept")
}

// testdata/failures.junit.xml is what gotestsum wrote for
// testdata/failures.json: each failed proof's testcase gets the verdict
// its proof wanted and its own message, and a parent that failed with
// its subtest gets neither.
func TestJUnitFailedProofsCarryTheirVerdict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.WriteFile(path, []byte(recorded(t, "failures.junit.xml")), 0o644))
	require.NoError(t, enrichJUnit(path, strings.NewReader(recorded(t, "failures.json"))))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(data, &doc))
	type failed struct{ verdict, message string }
	got := map[string]failed{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure == nil {
				continue
			}
			f := failed{message: c.Failure.Message}
			if c.Properties != nil {
				for _, p := range c.Properties.Props {
					if p.Name == "verdict" {
						f.verdict = p.Value
					}
				}
			}
			got[c.attr("classname")+"."+c.attr("name")] = f
		}
	}
	p := "example.com/rec/p."
	assert.Equal(t, failed{"Clean", "TestNoRaceAddBeforeGo/cancel: not clean: want Clean, got race said Race"}, got[p+"TestNoRaceAddBeforeGo/cancel"])
	assert.Equal(t, failed{"Race", "TestRaceFlagEvent: Race not proven: no race reported (every detector Clean)"}, got[p+"TestRaceFlagEvent"])
	assert.Equal(t, failed{"Leak", "TestLeakLookup/unbuffered: Leak not proven: no leak reported (every detector Clean)"}, got[p+"TestLeakLookup/unbuffered"])
	assert.Equal(t, failed{"Vet", "TestVetCopyValue: Vet not proven on testdata/copylock (analyzers: go vet, staticcheck): no analyzer reported anything"}, got[p+"TestVetCopyValue"])
	assert.Equal(t, failed{"", "Failed"}, got[p+"TestNoRaceAddBeforeGo"], "a parent that failed with its subtest wanted nothing of its own")
}

// The verdict a failed proof wanted, read from the messages conctest and
// conctest/static fail with.
func TestWantedVerdict(t *testing.T) {
	for msg, want := range map[string]string{
		"TestRaceFlagEvent: Race not proven: no race reported":                                                     "Race",
		"TestVetCopyValue: Vet not proven on testdata/copylock (analyzers: go vet): no analyzer reported anything": "Vet",
		"TestNoRaceMutex: not clean: want Clean, got race said Race":                                               "Clean",
		"TestNoLeakX: not clean (found at try 3 of at most 1000, after 1.2s): want Clean, got goleak said Leak":    "Clean",
		"TestRaceX: Race not proven (clean in 5 tries of at most 5, over 1s): no race reported":                    "Race",
		"TestNoRaceMutex: clean, but the proof cannot fail: the same workload on its twin gave no Race":            "Clean",
		"conctest.Prove: fn is nil":                             "",
		"TestX: cells: static=Vet, the catalog says not proven": "",
	} {
		assert.Equal(t, want, wanted(msg), "wanted(%q)", msg)
	}
}

func TestMarkdownSummary(t *testing.T) {
	tl := newTally()
	var out strings.Builder
	require.NoError(t, tl.read(strings.NewReader(`{"Action":"output","Package":"p","Test":"TestRaceA","Output":"    a_test.go:3: proven: Race by race, blaming p.f [10ms]\n"}
{"Action":"pass","Package":"p","Test":"TestRaceA","Elapsed":0.1}
{"Action":"output","Package":"p","Test":"TestNoRaceB","Output":"    b_test.go:9: TestNoRaceB: not clean: want Clean, got race said Race\n"}
{"Action":"fail","Package":"p","Test":"TestNoRaceB","Elapsed":0.1}
`), &out))
	path := filepath.Join(t.TempDir(), "summary.md")
	require.NoError(t, tl.appendMarkdown(path))
	md, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(md), "1 passed, 1 failed, 0 skipped")
	assert.Contains(t, string(md), "| Race | 1 |")
	assert.Contains(t, string(md), "- `p.TestNoRaceB: TestNoRaceB: not clean: want Clean, got race said Race`")
}
