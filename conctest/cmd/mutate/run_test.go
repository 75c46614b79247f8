package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonEvents renders go test -json events.
func jsonEvents(t *testing.T, es ...event) string {
	t.Helper()
	var b strings.Builder
	for _, e := range es {
		line, err := json.Marshal(e)
		require.NoError(t, err)
		b.Write(append(line, '\n'))
	}
	return b.String()
}

const pkg = "github.com/racelab/racelab/counter"

func TestParseEventsKilled(t *testing.T) {
	r := parseEvents(strings.NewReader(jsonEvents(t,
		event{Action: "start", Package: pkg},
		event{Action: "run", Package: pkg, Test: "TestNoRaceMutex"},
		event{Action: "output", Package: pkg, Test: "TestNoRaceMutex", Output: "=== RUN   TestNoRaceMutex\n"},
		event{Action: "output", Package: pkg, Test: "TestNoRaceMutex", Output: "    lostupdate_test.go:17: TestNoRaceMutex: not clean: want Clean, got race said Race\n"},
		event{Action: "output", Package: pkg, Test: "TestNoRaceMutex", Output: "    lostupdate_test.go:18: a second message\n"},
		event{Action: "fail", Package: pkg, Test: "TestNoRaceMutex"},
		event{Action: "run", Package: pkg, Test: "TestNoLostMutex"},
		event{Action: "run", Package: pkg, Test: "TestNoLostMutex/fail"},
		event{Action: "fail", Package: pkg, Test: "TestNoLostMutex/fail"},
		event{Action: "fail", Package: pkg, Test: "TestNoLostMutex"},
		event{Action: "output", Package: pkg, Output: "FAIL\n"},
		event{Action: "fail", Package: pkg},
	) + "not json: ignored\n"))
	assert.True(t, r.killed())
	assert.Equal(t, []string{"TestNoRaceMutex", "TestNoLostMutex/fail"}, r.failed, "failed leaves only")
	assert.Equal(t, "TestNoRaceMutex: not clean: want Clean, got race said Race", r.killer())
	assert.Equal(t, []string{"TestNoRaceMutex", "TestNoLostMutex"}, r.selected(`^TestNo`))
	assert.True(t, r.hasRun("TestNoLostMutex"))
	assert.False(t, r.hasRun("TestNoLost"))
	assert.Equal(t, []string{"TestNoLostMutex/fail"}, r.failedUnder("TestNoLostMutex"))
	assert.Empty(t, r.crash)
	assert.Empty(t, r.build)
}

func TestParseEventsPassed(t *testing.T) {
	r := parseEvents(strings.NewReader(jsonEvents(t,
		event{Action: "run", Package: pkg, Test: "TestCatalog"},
		event{Action: "run", Package: pkg, Test: "TestCatalog/counter.Mutex"},
		event{Action: "pass", Package: pkg, Test: "TestCatalog/counter.Mutex"},
		event{Action: "pass", Package: pkg, Test: "TestCatalog"},
		event{Action: "pass", Package: pkg},
	)))
	assert.False(t, r.killed())
	assert.Equal(t, []string{"TestCatalog", "TestCatalog/counter.Mutex"}, r.ran)
	assert.Equal(t, []string{"TestCatalog/counter.Mutex"}, topLevel(r.ran, true))
	assert.Equal(t, []string{"TestCatalog"}, topLevel(r.ran, false))
}

// A test binary that dies outside any test (a timeout, a panic in
// TestMain) fails the package only.
func TestParseEventsCrash(t *testing.T) {
	r := parseEvents(strings.NewReader(jsonEvents(t,
		event{Action: "run", Package: pkg, Test: "TestNoRaceMutex"},
		event{Action: "output", Package: pkg, Output: "panic: test timed out after 3m0s\n"},
		event{Action: "output", Package: pkg, Output: "\trunning tests:\n"},
		event{Action: "output", Package: pkg, Output: "FAIL\tgithub.com/racelab/racelab/counter\t180.01s\n"},
		event{Action: "fail", Package: pkg},
	)))
	assert.True(t, r.killed())
	assert.Equal(t, "package failed: panic: test timed out after 3m0s | running tests:", r.killer())
	assert.Equal(t, "panic: test timed out after 3m0s", r.timedOut)

	// A timeout after a failure is seen too: the tests after it never ran.
	r = parseEvents(strings.NewReader(jsonEvents(t,
		event{Action: "run", Package: pkg, Test: "TestNoRaceMutex"},
		event{Action: "fail", Package: pkg, Test: "TestNoRaceMutex"},
		event{Action: "run", Package: pkg, Test: "TestNoLostMutex"},
		event{Action: "output", Package: pkg, Test: "TestNoLostMutex", Output: "panic: test timed out after 2m0s\n"},
		event{Action: "fail", Package: pkg},
	)))
	assert.Equal(t, "panic: test timed out after 2m0s", r.timedOut)
	assert.Equal(t, []string{"TestNoRaceMutex"}, r.failed)
}

func TestParseEventsBuildFailed(t *testing.T) {
	ip := pkg + " [" + pkg + ".test]"
	r := parseEvents(strings.NewReader(jsonEvents(t,
		event{Action: "build-output", Package: ip, Output: "# " + ip + "\n"},
		event{Action: "build-output", Package: ip, Output: "/tmp/mutate-1/lostupdate.go:15:39: syntax error\n"},
		event{Action: "build-fail", Package: ip},
		event{Action: "output", Package: pkg, Output: "FAIL\t" + pkg + " [build failed]\n"},
		event{Action: "fail", Package: pkg, FailedBuild: ip},
	)))
	assert.False(t, r.killed(), "a mutant that does not build is not killed")
	assert.Contains(t, r.build, "lostupdate.go:15:39: syntax error")
	m := mutant{Pkg: "counter", File: "lostupdate.go"}
	assert.Equal(t, "counter/lostupdate.go:15:39: syntax error", buildError(r.build, "/tmp/mutate-1/overlay.json", m))
}

func TestRunPattern(t *testing.T) {
	re := regexp.MustCompile(runPattern(mutant{Variant: "counter.Mutex", Name: "counter"}))
	for name, want := range map[string]bool{
		"TestNoRaceMutex": true, "TestNoLostMutex": true, "TestNoLockTimeoutMutex": true,
		"TestRaceMutex": false, "TestNoRaceMutexes": false, "TestNoRaceOtherMutex": false,
		"ExampleMutex": false, "TestNoCleanMutex": false,
	} {
		assert.Equal(t, want, re.MatchString(name), name)
	}
	assert.Equal(t, "^TestX$", runPattern(mutant{Variant: "counter.Mutex", Name: "counter", Run: "^TestX$"}))
	assert.Equal(t, `^TestCatalog$/^counter\.Mutex$`, catalogPattern("counter.Mutex"))
}

func TestWriteOverlay(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.go")
	orig := "package x\n\nfunc F() int {\n\treturn 1\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(orig), 0o644))
	overlay, cleanup, err := writeOverlay(mutant{Pkg: dir, File: "x.go", Decl: "F", Edits: []edit{{"return 1", "return 2"}}})
	require.NoError(t, err)
	js, err := os.ReadFile(overlay)
	require.NoError(t, err)
	var o struct{ Replace map[string]string }
	require.NoError(t, json.Unmarshal(js, &o))
	require.Len(t, o.Replace, 1)
	mutated, err := os.ReadFile(o.Replace[path])
	require.NoError(t, err)
	assert.Equal(t, "package x\n\nfunc F() int {\n\treturn 2\n}\n", string(mutated))
	now, _ := os.ReadFile(path)
	assert.Equal(t, orig, string(now), "the working tree is never written")
	cleanup()
	_, err = os.Stat(filepath.Dir(overlay))
	assert.ErrorIs(t, err, os.ErrNotExist, "cleanup removes the temporary directory")

	_, _, err = writeOverlay(mutant{Pkg: dir, File: "x.go", Decl: "F", Edits: []edit{{"return 3", ""}}, Pos: "l.txt:4"})
	assert.ErrorContains(t, err, `l.txt:4: `)
}

// With -prepare, a mutant runs in each build the command writes: the
// plain build with -race, and the go-deadlock build, if written, without.
func TestPrepareMakesTheBuilds(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "prepare")
	// It records its arguments, and writes both overlays.
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" > \"$3/args\"\ntouch \"$3/plain.json\" \"$3/swap.json\"\n"), 0o755))
	out := t.TempDir()
	bs, err := builds(context.Background(), config{race: true, prepare: script}, "/m/overlay.json", out)
	require.NoError(t, err)
	assert.Equal(t, []build{
		{race: true, overlay: filepath.Join(out, "plain.json")},
		{name: "go-deadlock build", overlay: filepath.Join(out, "swap.json")},
	}, bs)
	args, err := os.ReadFile(filepath.Join(out, "args"))
	require.NoError(t, err)
	assert.Equal(t, "-base /m/overlay.json "+out+"\n", string(args))
	assert.Equal(t, []string{"-race", "-overlay=" + filepath.Join(out, "plain.json")}, bs[0].args())
	assert.Equal(t, []string{"-overlay=" + filepath.Join(out, "swap.json")}, bs[1].args())

	// Without -prepare, the mutant's overlay is the one build.
	bs, err = builds(context.Background(), config{race: true}, "/m/overlay.json", out)
	require.NoError(t, err)
	assert.Equal(t, []build{{race: true, overlay: "/m/overlay.json"}}, bs)

	// A command that fails, or writes no plain build, is an error.
	_, err = builds(context.Background(), config{prepare: "false"}, "", out)
	assert.ErrorContains(t, err, "-prepare false")
	_, err = builds(context.Background(), config{prepare: "true"}, "", t.TempDir())
	assert.ErrorContains(t, err, "wrote no plain.json")
}

func TestSummarize(t *testing.T) {
	m := mutant{Variant: "counter.Atomic", Desc: "Inc splits its Add", Pkg: "counter", File: "lostupdate.go", Decl: "(*Atomic).Inc", Pos: "m.txt:9"}
	var out strings.Builder
	assert.Equal(t, 0, summarize(&out, []result{{m: m, verdict: killed}, {m: m, verdict: killed}}, 2, 5*time.Second))
	assert.Equal(t, "killed 2/2 (100%) in 5s\n", out.String())

	out.Reset()
	rs := []result{{m: m, verdict: killed}, {m: m, verdict: survived}, {m: m, verdict: failed}}
	assert.Equal(t, 1, summarize(&out, rs, 4, time.Second))
	assert.Contains(t, out.String(), "killed 1/4 (25%)")
	assert.Contains(t, out.String(), "SURVIVED counter.Atomic: Inc splits its Add  (m.txt:9: in counter/lostupdate.go (*Atomic).Inc)")
	assert.Contains(t, out.String(), "ERROR    counter.Atomic")
	assert.Contains(t, out.String(), "interrupted: 1 of 4 mutants not run")

	r := result{m: m, verdict: killed, detail: strings.Repeat("x", 300), took: 1500 * time.Millisecond}
	assert.Regexp(t, `^killed     1.5s  counter.Atomic: Inc splits its Add  \[x{157}\.\.\.\]$`, r.String(), "a long detail is clipped")
}

// TestRunMutant runs go test on a tiny module: a mutant the proof kills, one
// it cannot see, one that does not compile, and a tree that does not build.
// It takes about ten seconds, so it runs only when asked for, as make
// mutate does before the mutants.
func TestRunMutant(t *testing.T) {
	if os.Getenv("MUTATE_E2E") == "" {
		t.Skip("runs go test on a temporary module, about 10s: MUTATE_E2E=1 go test ./conctest/cmd/mutate (make mutate does)")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.24\n",
		"p/p.go": `package p

// Adder adds.
//
// Fixed: it adds.
func Adder(a, b int) int {
	return a + b
}

func unused() int {
	return 1
}
`,
		"p/p_test.go": `package p

import "testing"

func TestNoLostAdder(t *testing.T) {
	if Adder(1, 2) != 3 {
		t.Errorf("Adder(1, 2) = %d, want 3", Adder(1, 2))
	}
}

func TestCatalog(t *testing.T) { t.Run("p.Adder", TestNoLostAdder) }
`,
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	t.Chdir(dir)
	cfg := config{parallel: 2, timeout: time.Minute, catalog: "./p"}
	base := mutant{Variant: "p.Adder", Name: "p", Pkg: "./p", File: "p.go", Pos: "l.txt:1"}
	mut := func(decl, old, new string) mutant {
		m := base
		m.Decl, m.Edits = decl, []edit{{old, new}}
		return m
	}
	ms := []mutant{
		mut("Adder", "return a + b", "return a - b"),
		mut("unused", "return 1", "return 2"),
		mut("Adder", "return a + b", `return "a"`),
	}
	var reported []string
	rs := runAll(context.Background(), ms, cfg, nil, func(r result) { reported = append(reported, r.m.Edits[0].New) })
	require.Len(t, rs, 3)
	assert.Equal(t, []string{"return a - b", "return 2", `return "a"`}, reported, "results come in list order")

	assert.Equal(t, killed, rs[0].verdict, rs[0].detail)
	assert.Equal(t, "TestNoLostAdder: Adder(1, 2) = -1, want 3", rs[0].detail)
	assert.Equal(t, survived, rs[1].verdict, rs[1].detail)
	assert.Equal(t, "passed: TestNoLostAdder, TestCatalog/p.Adder", rs[1].detail)
	assert.Equal(t, failed, rs[2].verdict, rs[2].detail)
	assert.Regexp(t, `^l\.txt:1: does not compile: p/p\.go:7:\d+: cannot use "a"`, rs[2].detail)

	assert.Empty(t, checkBaseline(context.Background(), ms[:1], cfg))
	m := base
	m.Run = "^TestNoSuch$"
	assert.Equal(t, map[string][]string{"p.Adder": {`l.txt:1: go test -run "^TestNoSuch$" ./p selects no test`}},
		checkBaseline(context.Background(), []mutant{m}, cfg))
	rs = runAll(context.Background(), ms[:1], cfg, map[string][]string{"p.Adder": {"TestNoLostAdder fails"}}, func(result) {})
	assert.Equal(t, result{m: ms[0], verdict: failed, detail: "not judged: the proofs fail unmutated: TestNoLostAdder fails"}, rs[0],
		"a variant whose proofs fail unmutated has its mutants not judged")

	t.Run("shards", func(t *testing.T) { shardsMerge(t, dir) })

	require.NoError(t, os.WriteFile(filepath.Join(dir, "p", "broken.go"), []byte("package p\n\nvar x int = \"\"\n"), 0o644))
	r := runMutant(context.Background(), ms[0], cfg)
	assert.Equal(t, failed, r.verdict)
	assert.Contains(t, r.detail, "the tree does not build, mutant or not: p/broken.go:3")
}

// shardsMerge runs the mutants of the module in dir whole and as two
// shards (one holds the one variant, the other none), and merges the
// shards' records: the lines and the total are the run's, times aside.
func shardsMerge(t *testing.T, dir string) {
	list := "mutant p.Adder: subtracts\nin p.go Adder\n- return a + b\n+ return a - b\n\n" +
		"mutant p.Adder: unused returns 2\nin p.go unused\n- return 1\n+ return 2\n"
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "p", "testdata"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p", "testdata", "mutations.txt"), []byte(list), 0o644))
	mutate := func(args ...string) (string, int) {
		var out strings.Builder
		status := run(append([]string{"-catalog", "./p"}, append(args, "./p")...), &out)
		return out.String(), status
	}
	whole, wholeStatus := mutate()
	assert.Equal(t, 1, wholeStatus, whole)
	records := []string{filepath.Join(t.TempDir(), "0.jsonl"), filepath.Join(t.TempDir(), "1.jsonl")}
	_, status := mutate("-shard", "0/2", "-record", records[0])
	assert.Equal(t, 1, status)
	out, status := mutate("-shard", "1/2", "-record", records[1])
	assert.Equal(t, 0, status)
	assert.Equal(t, "mutate: no mutant in shard 1/2\n", out)

	var merged strings.Builder
	assert.Equal(t, wholeStatus, merge(records, outputs{}, &merged))
	assert.Contains(t, merged.String(), "killed 1/2 (50%)")
	times := regexp.MustCompile(` +[0-9.]+s  | in [0-9hms.]+\n`)
	var lines []string
	for l := range strings.Lines(whole) {
		if !strings.HasPrefix(l, "mutate: ") {
			lines = append(lines, l)
		}
	}
	assert.Equal(t, times.ReplaceAllString(strings.Join(lines, ""), " T "), times.ReplaceAllString(merged.String(), " T "))
}
