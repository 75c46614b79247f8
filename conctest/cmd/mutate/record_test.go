package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mutants of variants a, a, b, c, c, d, in list order.
func shardedList() []mutant {
	var ms []mutant
	for i, v := range []string{"a", "a", "b", "c", "c", "d"} {
		ms = append(ms, mutant{Variant: "p." + v, Desc: fmt.Sprintf("edit %d", i), Pkg: "p", File: "p.go", Decl: "F", Pos: fmt.Sprintf("m.txt:%d", i+1)})
	}
	return ms
}

// A shard holds every m-th variant with all its mutants, so that one
// shard runs a variant's baseline.
func TestShardOfKeepsVariantsTogether(t *testing.T) {
	ms := shardedList()
	got, at := shardOf(ms, 0, 2)
	assert.Equal(t, []int{0, 1, 3, 4}, at)
	assert.Equal(t, []mutant{ms[0], ms[1], ms[3], ms[4]}, got)
	got, at = shardOf(ms, 1, 2)
	assert.Equal(t, []int{2, 5}, at)
	assert.Equal(t, []mutant{ms[2], ms[5]}, got)
	got, _ = shardOf(ms, 0, 1)
	assert.Equal(t, ms, got)
	_, _, err := parseShard("2/2")
	assert.ErrorContains(t, err, `bad -shard "2/2"`)
}

// results gives each mutant of ms a fate: the third survives.
func results(ms []mutant) []result {
	var rs []result
	for i, m := range ms {
		r := result{m: m, verdict: killed, detail: "TestNoLostA: got 1, want 2", took: time.Duration(i+1) * time.Second}
		if i == 2 {
			r.verdict, r.detail = survived, "passed: TestNoLostB"
		}
		rs = append(rs, r)
	}
	return rs
}

// writeShards records ms's results as m shards and returns their files.
func writeShards(t *testing.T, ms []mutant, m int) []string {
	t.Helper()
	var paths []string
	for k := range m {
		shard, at := shardOf(ms, k, m)
		p := filepath.Join(t.TempDir(), "shard.jsonl")
		run := shardRun{Selection: "-run  ./p", Shard: fmt.Sprintf("%d/%d", k, m), Mutants: len(shard), Took: time.Duration(k+1) * time.Minute}
		rs := make([]result, len(at))
		for i, j := range at {
			rs[i] = results(ms)[j]
		}
		require.NoError(t, writeRecords(p, run, rs, at))
		paths = append(paths, p)
	}
	return paths
}

// Shards' results merged print the lines and the total of the run
// unsharded, its time the shards' added up, with its exit status.
func TestMergeIsTheRunUnsharded(t *testing.T) {
	ms := shardedList()
	var want strings.Builder
	for _, r := range results(ms) {
		want.WriteString(r.String() + "\n")
	}
	wantStatus := summarize(&want, results(ms), len(ms), 3*time.Minute)
	require.Equal(t, 1, wantStatus)

	paths := writeShards(t, ms, 2)
	var out strings.Builder
	assert.Equal(t, wantStatus, merge([]string{paths[1], paths[0]}, outputs{}, &out))
	assert.Equal(t, want.String(), out.String())
	assert.Contains(t, out.String(), "killed 5/6 (83%) in 3m0s\n  SURVIVED p.b: edit 2")
}

func TestMergeNeedsEveryShardOnce(t *testing.T) {
	ms := shardedList()
	two, three := writeShards(t, ms, 2), writeShards(t, ms, 3)
	var out strings.Builder
	assert.Equal(t, 2, merge([]string{two[0], two[0]}, outputs{}, &out))
	assert.Contains(t, out.String(), "mutate -merge: shard 0/2 given 2 times, want once")
	assert.Contains(t, out.String(), "mutate -merge: shard 1/2 given 0 times, want once")
	assert.Contains(t, out.String(), "killed", "what the shards hold is still printed")

	out.Reset()
	assert.Equal(t, 2, merge([]string{two[0], two[1], three[2]}, outputs{}, &out))
	assert.Contains(t, out.String(), "shard 2/3 is one of 3, shard 0/2 one of 2")

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte(`{"mutant":{"index":0}}`+"\n"), 0o644))
	out.Reset()
	assert.Equal(t, 2, merge([]string{bad}, outputs{}, &out))
	assert.Contains(t, out.String(), "bad.jsonl:1: not a record of mutate -record")
}

// The mutants join the suites a JUnit file already holds (proofs
// -merge's), as the suite mutate, in place of an earlier one.
func TestJUnitAddsTheMutants(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junit.xml")
	proofs := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="proofs -stress" tests="1" failures="0" errors="0">
	<testsuite name="locks" tests="1" failures="0" errors="0" time="0.120">
		<testcase classname="locks" name="TestRaceFlagEvent" time="0.120"></testcase>
	</testsuite>
</testsuites>
`
	require.NoError(t, os.WriteFile(path, []byte(proofs), 0o644))
	ms := shardedList()
	for range 2 { // the second replaces the first
		var out strings.Builder
		assert.Equal(t, 1, outputs{junit: path}.finish(&out, results(ms), len(ms), time.Minute))
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Type string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(data, &doc), string(data))
	require.Len(t, doc.Suites, 2, string(data))
	assert.Equal(t, "locks", doc.Suites[0].Name)
	assert.Len(t, doc.Suites[0].Cases, 1, "the proofs' suite is kept")
	assert.Equal(t, "mutate", doc.Suites[1].Name)
	require.Len(t, doc.Suites[1].Cases, 6)
	assert.Equal(t, "edit 2", doc.Suites[1].Cases[2].Name)
	require.NotNil(t, doc.Suites[1].Cases[2].Failure)
	assert.Equal(t, survived, doc.Suites[1].Cases[2].Failure.Type)
	assert.Equal(t, 7, doc.Tests)
	assert.Equal(t, 1, doc.Failures)
}
