package static

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// A toolRun is staticcheck at work on one package, begun beside go vet:
// the two read the same package, each in its own process.
type toolRun struct {
	missing        bool // the module has no staticcheck tool
	stdout, stderr string
	err            error // how it exited, or why it could not start
	done           chan struct{}
}

// startStaticcheck begins the module's staticcheck on the package in
// dir, or on pkgs, patterns relative to dir. It runs the tool's binary
// itself, as go tool would: go tool first loads the tool's packages to
// see that its binary is up to date (most of the time of a go tool
// staticcheck on a small package), and does so on every call; here that
// is done once per module and process (toolBinary).
func startStaticcheck(gocmd, dir string, pkgs ...string) *toolRun {
	args := append([]string{"-f", "json"}, pkgs...)
	if len(pkgs) == 0 {
		args = append(args, ".")
	}
	r := &toolRun{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		b := toolBinary(gocmd, dir)
		switch {
		case b.missing:
			r.missing = true
			return
		case b.err != nil:
			r.stderr, r.err = b.stderr, b.err
			return
		}
		// go tool's environment: the caller's, with the go command's
		// directory first in PATH, so the tool's go list is this go.
		env := append(os.Environ(), "PATH="+filepath.Dir(gocmd)+string(filepath.ListSeparator)+os.Getenv("PATH"))
		r.stdout, r.stderr, r.err = output(dir, env, b.path, args...)
		if errors.Is(r.err, fs.ErrNotExist) { // the build cache was trimmed since
			r.stdout, r.stderr, r.err = output(dir, nil, gocmd, append([]string{"tool", staticcheckName}, args...)...)
		}
	}()
	return r
}

// wait returns what staticcheck printed and how it exited.
func (r *toolRun) wait() (stdout, stderr string, err error) {
	<-r.done
	return r.stdout, r.stderr, r.err
}

// A binary is where go tool -n says the module's staticcheck is built.
type binary struct {
	once    sync.Once
	path    string
	missing bool // no tool directive for it
	stderr  string
	err     error
}

// binaries holds a binary per go command, module and workspace.
var binaries sync.Map

// toolEnv, if set, names the staticcheck binary to run for every
// module, in place of the one go tool -n names: a run of go test over
// several packages that analyze can ask go tool -n once, not once in
// each package's test process (half a second of CPU each).
const toolEnv = "CONCTEST_STATICCHECK"

// toolBinary returns the staticcheck binary of the module that holds dir,
// from go tool -n (which builds it if need be), once per process for each
// go command, module, workspace and GOFLAGS: what go tool resolves the
// tool from. toolEnv, if set, names it instead.
func toolBinary(gocmd, dir string) *binary {
	mod, work := enclosing(dir, "go.mod"), enclosing(dir, "go.work")
	given := os.Getenv(toolEnv)
	key := strings.Join([]string{gocmd, mod, work, os.Getenv("GOWORK"), os.Getenv("GOFLAGS"), given}, "\x00")
	if mod == "" {
		key += "\x00" + dir // no module found: go decides; nothing shared
	}
	v, _ := binaries.LoadOrStore(key, new(binary))
	b := v.(*binary)
	b.once.Do(func() {
		if given != "" {
			b.path = given
			return
		}
		stdout, stderr, err := output(dir, nil, gocmd, "tool", "-n", staticcheckName)
		switch {
		case strings.Contains(stderr, `no such tool "`+staticcheckName+`"`):
			b.missing = true
		case err != nil:
			b.stderr, b.err = stderr, err
		default:
			b.path = strings.TrimSpace(stdout)
		}
	})
	return b
}

// enclosing returns the nearest directory, dir or above, that holds a
// file of that name, or "".
func enclosing(dir, name string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// output runs name with args in dir (with env, or the caller's if nil)
// and returns what it printed and how it exited.
func output(dir string, env []string, name string, args ...string) (stdout, stderr string, err error) {
	var out, errOut strings.Builder
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}
