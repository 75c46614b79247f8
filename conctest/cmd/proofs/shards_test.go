package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStressShardsMergeExactly stresses two proofs of counter, one of
// them also in the go-deadlock build, in one proofs -stress process and
// again as two shards, each a process of its own, merges the shards'
// records, and compares the merged report and JUnit file with the
// unsharded run's: the same rows, counts and totals, and the same exit
// status. The two stresses are separate runs, so their proof times
// differ and are masked; the unsharded run's own records, merged, give
// its report byte for byte. It builds and runs the lessons' tests, about
// half a minute: make stress-merge runs it, after writing the builds.
func TestStressShardsMergeExactly(t *testing.T) {
	if os.Getenv("STRESS_MERGE_E2E") == "" {
		t.Skip("runs proofs -stress three times, about 30s: make stress-merge")
	}
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	build := filepath.Join(root, ".build")
	for _, f := range []string{"plain.json", "swap.json"} {
		if _, err := os.Stat(filepath.Join(build, f)); err != nil {
			t.Fatalf("the lessons' builds are not written (%v): make stress-merge writes them first", err)
		}
	}
	dir := t.TempDir()
	proofs := filepath.Join(dir, "proofs")
	out, err := exec.Command("go", "build", "-o", proofs, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	run := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(proofs, args...)
		cmd.Dir, cmd.Stderr = root, os.Stderr
		out, err := cmd.Output()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		require.NoError(t, err)
		return string(out), 0
	}
	file := func(name string) string { return filepath.Join(dir, name) }
	stress := func(shard, record, junit string) (string, int) {
		return run("-stress", "-n", "3", "-cpu", "1", "-run", "^(TestRaceUnsync|TestNoRaceMutex)$", "-shard", shard,
			"-overlay", filepath.Join(build, "plain.json"), "-swap", filepath.Join(build, "swap.json"),
			"-record", record, "-junit-out", junit, "./counter")
	}

	whole, wholeStatus := stress("0/1", file("whole.jsonl"), file("whole.xml"))
	wholeReport := reportOf(whole)
	for _, row := range []string{`counter.TestRaceUnsync +Race +3/3 `, `counter.TestNoRaceMutex +Clean +3/3 `, `counter.TestNoRaceMutex \(go-deadlock build\) +Clean +3/3 `} {
		require.Regexp(t, row, wholeReport, "the rows this test compares")
	}
	again, status := run("-merge", file("whole.jsonl"))
	assert.Equal(t, wholeStatus, status)
	assert.Equal(t, wholeReport, again, "a run's records give its report, byte for byte")

	for _, k := range []string{"0", "1"} {
		shard, status := stress(k+"/2", file("shard"+k+".jsonl"), file("shard"+k+".xml"))
		require.NotEqual(t, 2, status, shard)
		tests := regexp.MustCompile(`(?m)^counter\.(Test\w+)`).FindAllStringSubmatch(shard, -1)
		require.NotEmpty(t, tests, shard)
		for _, m := range tests {
			require.Equal(t, tests[0][1], m[1], "one of the two tests in each shard:\n%s", shard)
		}
	}
	merged, mergedStatus := run("-merge", "-junit-out", file("merged.xml"), file("shard1.jsonl"), file("shard0.jsonl"))
	t.Logf("unsharded:%s\nmerged from two shards:%s", wholeReport, merged)
	assert.Equal(t, wholeStatus, mergedStatus)
	assert.Equal(t, maskTimes(wholeReport), maskTimes(merged))
	wholeJUnit, err := os.ReadFile(file("whole.xml"))
	require.NoError(t, err)
	mergedJUnit, err := os.ReadFile(file("merged.xml"))
	require.NoError(t, err)
	assert.Equal(t, maskTimes(string(wholeJUnit)), maskTimes(string(mergedJUnit)))
	assert.Contains(t, string(mergedJUnit), `name="counter (go-deadlock build)"`)
}

// reportOf is a proofs -stress output without the go test commands it
// printed before its report.
func reportOf(out string) string {
	for strings.HasPrefix(out, "stress: go ") {
		_, out, _ = strings.Cut(out, "\n")
	}
	return out
}

// timed is a proof time in a report's row or a JUnit file: p50, p95, a
// time attribute.
var timed = regexp.MustCompile(` +[0-9.]+(ns|µs|ms|s)\b|time="[0-9.]+"|value="[0-9.]+(ns|µs|ms|s)"`)

// maskTimes replaces each proof time in a report or JUnit file with T.
func maskTimes(s string) string { return timed.ReplaceAllString(s, " T") }
