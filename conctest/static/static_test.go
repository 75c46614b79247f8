package static_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/static"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVetControl(t *testing.T) { static.Prove(t, "testdata/copylock", "passes lock by value") }

// A finding names its detector, so that Said reads it as a run's.
func TestAnalyzeFindingsAreStatic(t *testing.T) {
	r := static.Analyze(t, "testdata/copylock")
	require.NotEmpty(t, r.Findings, "static.Analyze(testdata/copylock)")
	for _, f := range r.Findings {
		assert.Equal(t, conctest.Finding{Verdict: conctest.Vet, Detector: conctest.Static, Run: "static", Evidence: f.Evidence}, f)
	}
	assert.Equal(t, []conctest.Verdict{conctest.Vet}, r.Said(conctest.Static), "Said(Static)")
	assert.Contains(t, r.Findings[0].Evidence, "vet: testdata/copylock/copylock.go:11:12: inc passes lock by value",
		"the evidence reads as go vet's own line, the path relative to the test's directory")
	assert.Empty(t, r.NotRun, "this module has staticcheck as a tool")
}

// An absolute directory is a directory, not a package path to prefix
// with "./": the old code ran go vet .//abs and called its error Vet.
func TestAnalyzeAbsoluteDir(t *testing.T) {
	dir, err := filepath.Abs("testdata/clean")
	require.NoError(t, err)
	r := static.Analyze(t, dir)
	assert.Equal(t, []conctest.Verdict{conctest.Clean}, r.Verdicts(), "static.Analyze(%s): %v", dir, r.Findings)
}

// A directory that is not there is a mistake of the test, never a Vet
// verdict on anything.
func TestAnalyzeMissingDirFails(t *testing.T) {
	var r *conctest.Report
	f := outcome(t, func(t testing.TB) { r = static.Analyze(t, "testdata/nosuchdir") })
	assert.Nil(t, r, "static.Analyze returned after Fatalf")
	assert.Contains(t, f.fatal, `static.Analyze("testdata/nosuchdir")`)
	assert.Contains(t, f.fatal, "no such file or directory")
}

// A package that does not compile was never analyzed: t fails with what
// the go command said.
func TestAnalyzeTypeErrorFails(t *testing.T) {
	dir := module(t, "package broken\n\nfunc F() int { return undefinedThing }\n")
	var r *conctest.Report
	f := outcome(t, func(t testing.TB) { r = static.Analyze(t, dir) })
	assert.Nil(t, r, "static.Analyze returned after Fatalf")
	assert.Contains(t, f.fatal, "go vet could not analyze the package")
	assert.Contains(t, f.fatal, "undefined: undefinedThing")
}

// A module without staticcheck as a tool still gets go vet, and the
// report says which analyzer could not run and how to let it.
func TestAnalyzeWithoutStaticcheckTool(t *testing.T) {
	dir := module(t, copylock)
	r := static.Analyze(t, dir)
	assert.Equal(t, []conctest.Verdict{conctest.Vet}, r.Verdicts(), "static.Analyze(module without staticcheck)")
	require.Len(t, r.Findings, 1)
	assert.Contains(t, r.Findings[0].Evidence, "inc passes lock by value")
	assert.Equal(t, conctest.Static, r.Findings[0].Detector)
	assert.Contains(t, r.NotRun[conctest.Static], "staticcheck did not run")
	assert.Contains(t, r.NotRun[conctest.Static], "go get -tool honnef.co/go/tools/cmd/staticcheck@latest")
}

// Where staticcheck's binary is, is learned once per module: a module
// without the tool, analyzed between two packages of one with it, gets
// go vet alone, and the other module's packages still get staticcheck.
func TestStaticcheckIsEachModulesOwn(t *testing.T) {
	ranStaticcheck := func(dir string) bool {
		_, ok := static.Analyze(t, dir).NotRun[conctest.Static]
		return !ok
	}
	assert.True(t, ranStaticcheck("testdata/copylock"), "a package of this module, which has the tool")
	assert.False(t, ranStaticcheck(module(t, copylock)), "a module without the tool")
	assert.True(t, ranStaticcheck("testdata/clean"), "this module again")
}

// Prove's log line names the analyzers that ran, and those that could
// not in a clause the proofs command reads.
func TestProveSaysWhichAnalyzersRan(t *testing.T) {
	f := outcome(t, func(t testing.TB) { static.Prove(t, "testdata/copylock", "passes lock by value") })
	require.Empty(t, f.fatal)
	assert.Regexp(t, `^proven: Vet by go vet, naming "passes lock by value" \[[0-9.]+m?s\] \(analyzers: go vet, staticcheck\)$`, f.logged())

	dir := module(t, copylock)
	f = outcome(t, func(t testing.TB) { static.Prove(t, dir, "passes lock by value") })
	require.Empty(t, f.fatal)
	assert.Regexp(t, `\(analyzers: go vet\); not run: staticcheck \(the module has no tool directive for it: go get -tool honnef.co/go/tools/cmd/staticcheck@latest\)$`, f.logged())
}

func TestProveFailsWithWhatTheAnalyzersSaid(t *testing.T) {
	dir := module(t, copylock)
	f := outcome(t, func(t testing.TB) { static.Prove(t, dir, "loop condition never changes") })
	assert.Contains(t, f.fatal, "Vet not proven on "+dir+" (analyzers: go vet; not run: staticcheck (")
	assert.Contains(t, f.fatal, `no analyzer's message contains "loop condition never changes"; they said:`)
	assert.Contains(t, f.fatal, "inc passes lock by value")

	f = outcome(t, func(t testing.TB) { static.Prove(t, "testdata/clean", "passes lock by value") })
	assert.Contains(t, f.fatal, "Vet not proven on testdata/clean (analyzers: go vet, staticcheck): no analyzer reported anything")
}

// copylock is a package with go vet's copylocks bug.
const copylock = `package copylock

import "sync"

type guarded struct {
	mu sync.Mutex
	n  int
}

func inc(g guarded) { g.n++ }

var _ = inc
`

// module writes a module of its own, with no tool directive and no
// dependency, holding one package with src as its file, and returns its
// directory. No workspace or vendor setting of the caller's applies.
func module(t *testing.T, src string) string {
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.go"), []byte(src), 0o644))
	return dir
}

// A batch changes what analyzing costs, not what it says: its packages
// share one run of each analyzer (and so its time), and one that cannot
// be analyzed still fails its own test as it would alone.
func TestBatchedAnalyzeSaysWhatAnalyzeSays(t *testing.T) {
	dir := module(t, copylock)
	other, broken := filepath.Join(dir, "other"), filepath.Join(dir, "broken")
	for d, src := range map[string]string{
		other:  "package other\n\nfunc F() int { return 1 }\n",
		broken: "package broken\n\nfunc F() int { return undefinedThing }\n",
	} {
		require.NoError(t, os.Mkdir(d, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(d, filepath.Base(d)+".go"), []byte(src), 0o644))
	}
	static.Batch(dir, other)
	static.Batch(broken)
	r, o := static.Analyze(t, dir), static.Analyze(t, other)
	assert.Equal(t, []conctest.Verdict{conctest.Vet}, r.Verdicts(), "static.Analyze(copylock), batched: %v", r.Findings)
	assert.Equal(t, []conctest.Verdict{conctest.Clean}, o.Verdicts(), "static.Analyze(other), batched: %v", o.Findings)
	assert.Equal(t, r.Elapsed, o.Elapsed, "one batch, one time")
	f := outcome(t, func(t testing.TB) { static.Analyze(t, broken) })
	assert.Contains(t, f.fatal, "go vet could not analyze the package")
	assert.Contains(t, f.fatal, "undefined: undefinedThing")
}
