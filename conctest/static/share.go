package static

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// shareEnv names a directory that the test processes of one run share
// their batches' results in: see [Batch].
const shareEnv = "CONCTEST_STATIC_SHARE"

// shared is the batch's results: those another test process of the run
// left in the share directory for this environment, and the run of the
// analyzers on the rest, which it leaves there in turn. The directory's
// lock is held throughout, so that a process that needs a package being
// analyzed waits for its result instead of analyzing it again. Without a
// share directory, or without its lock, it is the batch's own run.
func (b *batch) shared(gocmd, env string) map[string]result {
	dir := os.Getenv(shareEnv)
	if dir == "" {
		return b.run(gocmd)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return b.run(gocmd)
	}
	defer unlock()
	results := map[string]result{}
	var missing []string
	for _, d := range b.dirs {
		if res, ok := readShared(dir, env, d); ok {
			results[d] = res
		} else {
			missing = append(missing, d)
		}
	}
	if len(missing) == 0 {
		return results
	}
	for d, res := range (&batch{dirs: missing}).run(gocmd) {
		results[d] = res
		writeShared(dir, env, d, res) // at worst, another process analyzes it again
	}
	return results
}

// A sharedResult is a batch's result as a file holds it: its
// diagnostics, whose paths are absolute, so that each process prints
// them relative to its own working directory, as go vet would.
type sharedResult struct {
	Diags   []sharedDiag
	NotRun  string // why staticcheck did not run; "" if it ran
	Elapsed time.Duration
}

type sharedDiag struct {
	Tool, File, Message string
	Line, Col           int
}

// sharedPath is the file that holds the result of the package in pkgDir
// analyzed in environment env.
func sharedPath(dir, env, pkgDir string) string {
	sum := sha256.Sum256([]byte(env + "\x00" + pkgDir))
	return filepath.Join(dir, hex.EncodeToString(sum[:16])+".json")
}

func readShared(dir, env, pkgDir string) (result, bool) {
	b, err := os.ReadFile(sharedPath(dir, env, pkgDir))
	if err != nil {
		return result{}, false
	}
	var s sharedResult
	if json.Unmarshal(b, &s) != nil {
		return result{}, false
	}
	res := result{elapsed: s.Elapsed}
	for _, d := range s.Diags {
		res.diags = append(res.diags, diagnostic{tool: d.Tool, file: d.File, line: d.Line, col: d.Col, message: d.Message})
	}
	res.found = lines(res.diags)
	if s.NotRun != "" {
		res.notRun = errors.New(s.NotRun)
	}
	return res, true
}

// writeShared leaves res in dir whole or not at all: it is renamed into
// place once written.
func writeShared(dir, env, pkgDir string, res result) {
	s := sharedResult{Elapsed: res.elapsed}
	for _, d := range res.diags {
		s.Diags = append(s.Diags, sharedDiag{Tool: d.tool, File: d.file, Message: d.message, Line: d.line, Col: d.col})
	}
	if res.notRun != nil {
		s.NotRun = res.notRun.Error()
	}
	b, err := json.Marshal(s)
	if err != nil {
		return
	}
	f, err := os.CreateTemp(dir, "result-*")
	if err != nil {
		return
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), sharedPath(dir, env, pkgDir))
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
