package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stressRecords are the records of a stress run of four proofs at two
// settings, one of them also in the go-deadlock build: a miss, a flag, a
// twin's retry and a Repeat proof's tries among them.
func stressRecords(t *testing.T) []runRecord {
	t.Helper()
	twin := "; the same workload on its twin: Race by race, blaming locks.SharedAppend [40ms]"
	var recs []runRecord
	for _, cpu := range []string{"1", "2"} {
		recs = append(recs, collect(strings.NewReader(events(t,
			[3]string{"TestRaceFlagEvent", "pass", "    event_test.go:18: proven: Race by race, blaming locks.(*FlagEvent).Set [60ms]"},
			[3]string{"TestRaceFlagEvent", "fail", "    event_test.go:18: TestRaceFlagEvent: Race not proven: no race reported"},
			[3]string{"TestNoRaceAppend", "pass", "    a_test.go:9: proven: Clean under race, goleak [70ms]" + twin + " (found at try 2 of at most 3, after 90ms)"},
			[3]string{"TestNoRaceAppend", "fail", "    a_test.go:9: TestNoRaceAppend: not clean: Race by race"},
			[3]string{"TestLeakLookup", "pass", "    l_test.go:5: proven: Leak by goleak, blaming locks.Lookup [700ms] (found at try 9 of at most 1000, after 650ms)"},
			[3]string{"TestLeakLookup", "pass", "    l_test.go:5: proven: Leak by goleak, blaming locks.Lookup [800ms] (found at try 12 of at most 1000, after 750ms)"},
			[3]string{"TestLockOrderBank", "skip", "    b_test.go:3: needs go-deadlock"},
			[3]string{"TestLockOrderBank", "skip", "    b_test.go:3: needs go-deadlock"},
		)), cpu, 0, "")...)
		recs = append(recs, collect(strings.NewReader(events(t,
			[3]string{"TestLockOrderBank", "pass", "    b_test.go:3: proven: LockOrder by go-deadlock, blaming locks.(*Bank).Move [50ms]"},
			[3]string{"TestLockOrderBank", "pass", "    b_test.go:3: proven: LockOrder by go-deadlock, blaming locks.(*Bank).Move [55ms]"},
		)), cpu, 0, swapBuild)...)
	}
	return recs
}

// runMerge merges records files as proofs -merge does, and returns its
// exit status, what it printed and its JUnit file.
func runMerge(t *testing.T, files ...recordFile) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, f := range files {
		p := filepath.Join(dir, "shard"+string(rune('0'+i))+".jsonl")
		require.NoError(t, writeRecords(p, f))
		paths = append(paths, p)
	}
	var out strings.Builder
	junit := filepath.Join(dir, "junit.xml")
	status := merge(paths, outputs{junit: junit}, &out)
	data, _ := os.ReadFile(junit)
	return status, out.String(), string(data)
}

// Shards' records merged give the report and the JUnit file of the same
// records unsharded, byte for byte: rows, counts, times, first misses,
// retries and exit status.
func TestMergeIsTheRunUnsharded(t *testing.T) {
	recs := stressRecords(t)
	head := stressRun{Selection: "-run ^Test ./locks", N: 2, CPUs: []string{"1", "2"}, Shard: "0/1"}
	var unsharded strings.Builder
	junit := filepath.Join(t.TempDir(), "junit.xml")
	status := outputs{junit: junit}.report([]recordFile{{head, recs}}, nil, &unsharded)
	wantJUnit, err := os.ReadFile(junit)
	require.NoError(t, err)
	require.Equal(t, 1, status, unsharded.String())
	for _, want := range []string{
		`locks.TestRaceFlagEvent +Race +1/2 +1/2 `, `locks.TestNoRaceAppend +Clean +1/2 +1/2 .* FLAGGED`,
		`locks.TestLeakLookup +Leak +2/2 +2/2 +700ms +800ms +9 +12 +5s +ok`, `locks.TestLockOrderBank \(go-deadlock build\) +LockOrder +2/2 +2/2`,
		`twins of locks.TestNoRaceAppend at cpu=1: 1 of 1 needed more than one try`, `first miss of locks.TestRaceFlagEvent at cpu=2:\n.*no race reported`,
	} {
		assert.Regexp(t, want, unsharded.String())
	}
	assert.NotContains(t, unsharded.String(), "locks.TestLockOrderBank  ", "skipped in every run of a build: no row")

	// Shards split the tests, as listTests does: every second one.
	shards := []recordFile{{head: head}, {head: head}}
	shards[0].head.Shard, shards[1].head.Shard = "0/2", "1/2"
	for _, r := range recs {
		k := 0
		if strings.Contains(r.Proof, "Leak") || strings.Contains(r.Proof, "NoRace") {
			k = 1
		}
		shards[k].runs = append(shards[k].runs, r)
	}
	gotStatus, got, gotJUnit := runMerge(t, shards[1], shards[0])
	assert.Equal(t, status, gotStatus)
	assert.Equal(t, unsharded.String(), got)
	assert.Equal(t, string(wantJUnit), gotJUnit)
	assert.Contains(t, gotJUnit, `<testsuite name="locks (go-deadlock build)" tests="1" failures="0"`)
	assert.Contains(t, gotJUnit, `<failure message="MISSED: 1/2 at cpu=1, 1/2 at cpu=2" type="MISSED">`)
}

// A merge fails, saying why, when a shard is missing or given twice, or
// when shards of one run ran different -n; it still reports what it has.
func TestMergeNeedsEveryShardOnce(t *testing.T) {
	recs := stressRecords(t)
	shard := func(s string, n int) recordFile {
		return recordFile{stressRun{Selection: "-run ^Test ./locks", N: n, CPUs: []string{"1", "2"}, Shard: s}, recs}
	}
	status, out, _ := runMerge(t, shard("0/3", 2), shard("2/3", 2), shard("2/3", 2), shard("1/3", 5))
	assert.Equal(t, 2, status)
	assert.Contains(t, out, "locks.TestLeakLookup", "the shards it has are reported")
	assert.Contains(t, out, "proofs -merge: -run ^Test ./locks: shard 1/3 ran -n 5 -cpu 1,2, another -n 2 -cpu 1,2")
	assert.Contains(t, out, "proofs -merge: -run ^Test ./locks: shard 1/3 given 0 times, want once")
	assert.Contains(t, out, "proofs -merge: -run ^Test ./locks: shard 2/3 given 2 times, want once")

	status, out, _ = runMerge(t, shard("0/2", 2), shard("1/3", 2))
	assert.Equal(t, 2, status)
	assert.Contains(t, out, "shard 1/3 is one of 3, another one of 2")
}

// Shards that hold no test are no failure, but a run none of whose
// shards held one is, as it is unsharded.
func TestMergeOfNoTest(t *testing.T) {
	empty := func(s string) recordFile {
		return recordFile{head: stressRun{Selection: "-run ^TestNone ./locks", N: 1, CPUs: []string{"1"}, Shard: s}}
	}
	status, out, _ := runMerge(t, empty("0/2"), empty("1/2"))
	assert.Equal(t, 2, status)
	assert.Equal(t, "proofs -stress: no test matches\n", out)
}

// Two runs' shards in one merge are two reports, each under its run.
func TestMergeOfTwoRuns(t *testing.T) {
	recs := stressRecords(t)
	a := recordFile{stressRun{Selection: "-run ^Test ./locks", N: 2, CPUs: []string{"1", "2"}, Shard: "0/1"}, recs[:1]}
	b := recordFile{stressRun{Selection: "-run ^Test ./flaky", N: 2, CPUs: []string{"1", "2"}, Shard: "0/1"}, recs[4:6]}
	status, out, junit := runMerge(t, a, b)
	assert.Equal(t, 1, status, out)
	assert.Regexp(t, `(?s)== proofs -stress -run \^Test \./locks\n.*== proofs -stress -run \^Test \./flaky\n`, out)
	assert.Contains(t, junit, `<testsuites name="proofs -stress" tests="2"`)
}

func TestReadRecordsErrors(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"empty":      "",
		"not-json":   "proofs -stress output\n",
		"no-header":  `{"run":{"proof":"locks.TestRaceX","cpu":"1","seq":1,"result":"pass"}}` + "\n",
		"wrong-kind": `{"Action":"pass"}` + "\n",
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		var out strings.Builder
		assert.Equal(t, 2, merge([]string{p}, outputs{}, &out), name)
		assert.Contains(t, out.String(), "proofs -merge: "+p, name)
	}
}
