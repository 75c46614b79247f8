package static

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A batch runs each analyzer once over several packages and shares the
// findings out by file: each package must get what it gets alone, no
// more and no less.
func TestBatchFindsWhatEachPackageAloneFinds(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	require.NoError(t, err)
	var dirs []string
	for _, d := range []string{"testdata/copylock", "testdata/spinflag", "testdata/clean"} {
		abs, err := filepath.Abs(d)
		require.NoError(t, err)
		dirs = append(dirs, abs)
	}
	got := (&batch{dirs: dirs}).run(gocmd)
	for _, d := range dirs {
		want := alone(t, gocmd, d)
		require.Contains(t, got, d, "the batch analyzed %s", d)
		assert.Equal(t, want.found, got[d].found, "%s: the batch's findings, and its own", d)
		assert.Equal(t, want.notRun, got[d].notRun, "%s: staticcheck's not-run", d)
	}
	// Both analyzers had something to share out.
	assert.Contains(t, strings.Join(got[dirs[0]].found, "\n"), "vet: ")
	assert.Contains(t, strings.Join(got[dirs[1]].found, "\n"), "staticcheck: ")
	assert.Empty(t, got[dirs[2]].found)
}

// A package the analyzers cannot load fails its module's runs: none of
// that module's packages gets a result from the batch, so each is
// analyzed alone and fails, or not, on its own.
func TestBatchLeavesAFailedModuleToAnalyzeAlone(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	require.NoError(t, err)
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644))
	good, broken := filepath.Join(mod, "good"), filepath.Join(mod, "broken")
	for dir, src := range map[string]string{
		good:   "package good\n\nimport \"sync\"\n\ntype g struct{ mu sync.Mutex }\n\nfunc inc(x g) {}\n\nvar _ = inc\n",
		broken: "package broken\n\nfunc F() int { return undefinedThing }\n",
	} {
		require.NoError(t, os.Mkdir(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(dir)+".go"), []byte(src), 0o644))
	}
	assert.Empty(t, (&batch{dirs: []string{good, broken}}).run(gocmd), "results of a module whose go vet failed")
	got := (&batch{dirs: []string{good}}).run(gocmd)
	require.Contains(t, got, good, "the good package, batched without the broken one")
	assert.Contains(t, strings.Join(got[good].found, "\n"), "passes lock by value")
}

// A batch's results hold for the environment it ran in: a package
// analyzed under another (here another staticcheck binary named) is
// analyzed alone.
func TestBatchHoldsForItsEnvironment(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	require.NoError(t, err)
	dir, err := filepath.Abs("testdata/spinflag")
	require.NoError(t, err)
	t.Setenv(toolEnv, "")
	Batch(dir)
	t.Cleanup(func() {
		batchMu.Lock()
		delete(batchOf, dir)
		batchMu.Unlock()
	})
	res, ok := batched(gocmd, dir)
	require.True(t, ok, "the batch's own environment")
	assert.NotEmpty(t, res.found, "staticcheck's finding in testdata/spinflag")
	t.Setenv(toolEnv, filepath.Join(t.TempDir(), "staticcheck"))
	_, ok = batched(gocmd, dir)
	assert.False(t, ok, "batched under another %s than the batch ran with", toolEnv)
}

// The test processes of a run share a batch's results through
// CONCTEST_STATIC_SHARE: a later batch takes them instead of running the
// analyzers again (here it could not: its go command does not exist),
// prints them relative to its own working directory, as go vet would,
// and takes none that another environment gave.
func TestBatchTakesResultsShared(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	require.NoError(t, err)
	t.Setenv(shareEnv, t.TempDir())
	copylock, err := filepath.Abs("testdata/copylock")
	require.NoError(t, err)
	spinflag, err := filepath.Abs("testdata/spinflag")
	require.NoError(t, err)
	first := (&batch{dirs: []string{copylock, spinflag}}).shared(gocmd, "env")
	require.Contains(t, first, spinflag, "the first batch's own analysis")

	noGo := filepath.Join(t.TempDir(), "go")
	second := (&batch{dirs: []string{spinflag}}).shared(noGo, "env")
	require.Contains(t, second, spinflag, "the result the first batch left")
	assert.Equal(t, first[spinflag].found, second[spinflag].found)
	assert.Empty(t, (&batch{dirs: []string{spinflag}}).shared(noGo, "another env"), "a result left for another environment")

	t.Chdir("testdata")
	third := (&batch{dirs: []string{copylock}}).shared(noGo, "env")
	require.Contains(t, third, copylock)
	assert.Contains(t, strings.Join(third[copylock].found, "\n"), "vet: copylock/copylock.go:", "a path as seen from testdata")
}
