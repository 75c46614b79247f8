package static

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Batch declares packages that this test process analyzes, by directory
// as [Analyze] takes them. The first Analyze or [Prove] of any of them
// analyzes them all at once, with one go vet and one staticcheck run per
// module, and each later Analyze or Prove of one of them takes its part
// of that. Each analyzer run is a process that loads the module, some
// tenths of a CPU-second however small the package: a test binary that
// analyzes several packages (a catalog, a package with several vet
// lessons) declares them once, from TestMain or before its tests run.
// Nothing runs until a test analyzes one of them, so a run that selects
// other tests pays nothing.
//
// A package's findings are those Analyze gives it alone, and its
// report's Elapsed is the batch's. A package that the batch could not
// analyze (it does not type-check, an analyzer failed, a module's run
// failed) is analyzed alone, where its own test fails as Analyze says;
// so is one analyzed under another environment (go command, GOWORK,
// GOFLAGS, PATH, CONCTEST_STATICCHECK) than the batch's first use.
//
// The test processes of one run (a go test of several packages that
// analyze the same ones) can share the results too: with
// CONCTEST_STATIC_SHARE naming a directory they all see, a batch takes
// the result of each package that another process already analyzed in
// the same environment, analyzes the rest and leaves their results
// there, all under the directory's file lock, so a process waits for an
// analysis under way instead of making it again. The results are read
// as they were written, never checked against the source again: give
// each run a fresh directory (make test-race does). Where there is no
// flock(2), nothing is shared.
func Batch(dirs ...string) {
	b := &batch{}
	for _, d := range dirs {
		if abs, err := filepath.Abs(d); err == nil && !slices.Contains(b.dirs, abs) {
			b.dirs = append(b.dirs, abs)
		}
	}
	batchMu.Lock()
	defer batchMu.Unlock()
	for _, d := range b.dirs {
		batchOf[d] = b
	}
}

// A batch is packages analyzed together, once.
type batch struct {
	dirs    []string // absolute
	once    sync.Once
	env     string            // the environment it ran in
	results map[string]result // by directory; none for one it could not analyze
}

var (
	batchMu sync.Mutex
	batchOf = map[string]*batch{} // a declared directory's batch
)

// batched is the result of the package in dir from its batch, which it
// runs if it has not run yet; false if dir is in no batch, or the batch
// could not analyze it, or ran in another environment.
func batched(gocmd, dir string) (result, bool) {
	batchMu.Lock()
	b := batchOf[dir]
	batchMu.Unlock()
	if b == nil {
		return result{}, false
	}
	env := strings.Join([]string{gocmd, os.Getenv("GOWORK"), os.Getenv("GOFLAGS"), os.Getenv("PATH"), os.Getenv(toolEnv)}, "\x00")
	b.once.Do(func() { b.env, b.results = env, b.shared(gocmd, env) })
	res, ok := b.results[dir]
	return res, ok && b.env == env
}

// run analyzes the batch's packages, a module at a time: go vet and
// staticcheck side by side, each on all of the module's, their findings
// then shared out by the directory of the file they point at.
func (b *batch) run(gocmd string) map[string]result {
	start := time.Now()
	byModule := map[string][]string{}
	for _, d := range b.dirs {
		if mod := enclosing(d, "go.mod"); mod != "" && isDir(d) == nil {
			byModule[mod] = append(byModule[mod], d)
		}
	}
	results := map[string]result{}
	for mod, dirs := range byModule {
		pkgs := make([]string, len(dirs))
		for i, d := range dirs {
			rel, _ := filepath.Rel(mod, d) // d is under mod
			pkgs[i] = "./" + filepath.ToSlash(rel)
		}
		tool := startStaticcheck(gocmd, mod, pkgs...)
		stdout, _, err := output(mod, nil, gocmd, append([]string{"vet", "-json"}, pkgs...)...)
		var vetDiags []diagnostic
		if err == nil {
			vetDiags, err = vetDiagnostics(stdout, mod)
		}
		scDiags, notRun, scErr := staticcheckDiagnostics(tool, mod)
		if err != nil || scErr != nil {
			continue // each is analyzed alone, and fails as it does
		}
		vets, vetOK := byDir(vetDiags, dirs)
		scs, scOK := byDir(scDiags, dirs)
		if !vetOK || !scOK {
			continue // a finding outside them: which package's is it?
		}
		for _, d := range dirs {
			diags := append(sorted(vets[d]), scs[d]...)
			results[d] = result{found: lines(diags), diags: diags, notRun: notRun}
		}
	}
	elapsed := time.Since(start)
	for d, res := range results {
		res.elapsed = elapsed
		results[d] = res
	}
	return results
}

// byDir shares diagnostics out by the directory of their file; false if
// one points outside dirs.
func byDir(diags []diagnostic, dirs []string) (map[string][]diagnostic, bool) {
	m := map[string][]diagnostic{}
	for _, d := range diags {
		dir := filepath.Dir(d.file)
		if !slices.Contains(dirs, dir) {
			return nil, false
		}
		m[dir] = append(m[dir], d)
	}
	return m, true
}
