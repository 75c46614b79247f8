package sharedmem

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Deadline bounds every scenario: a worker process still running this
// long after its group was made is killed (and kills itself, should its
// parent be stopped rather than dead).
const Deadline = 5 * time.Second

// A group is the parent's side of one scenario: the worker processes it
// started, the start barrier they wait on, and the shared file they map.
// The file is created with mode 0600 in a private directory and unlinked
// as soon as every worker has mapped it, so nothing is left on disk even
// if the whole process tree is killed; close removes it on every other
// path.
//
// Its error is sticky, like a bufio.Writer's: once a step fails, the
// later steps do nothing, and err reports the first failure.
type group struct {
	err      error
	ctx      context.Context
	cancel   context.CancelFunc
	deadline time.Time
	limit    time.Duration // the deadline, from the group's making
	dir      string        // the private directory; "" when there is no shared file
	self     *Proc         // the parent's own view of the shared file
	ready    *os.File
	start    *os.File // closing it releases every worker at once
	readyW   *os.File // the workers' ends of ready and start
	startR   *os.File
	null     *os.File   // stands in for a role file a worker does not get
	passed   []*os.File // the workers' role files, closed here once all started
	kept     []*os.File
	cmds     []*exec.Cmd
	names    []string
}

// newGroup makes a group whose shared file holds words int64 words
// (none when words is 0), bounded by d.
func newGroup(words int, d time.Duration) *group {
	g := &group{deadline: time.Now().Add(d), limit: d, self: &Proc{}}
	g.ctx, g.cancel = context.WithDeadline(context.Background(), g.deadline)
	g.self.Deadline = g.deadline
	g.ready, g.readyW = g.pipe()
	g.startR, g.start = g.pipe()
	g.null, g.err = os.Open(os.DevNull)
	g.kept = append(g.kept, g.null)
	if words == 0 || g.err != nil {
		return g
	}
	if g.dir, g.err = os.MkdirTemp("", "sharedmem-"); g.err != nil {
		return g
	}
	g.self.File = filepath.Join(g.dir, "mem")
	f, err := os.OpenFile(g.self.File, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		err = f.Truncate(int64(8 * words))
	}
	if err == nil {
		err = g.self.attach(f)
	}
	g.err = err
	return g
}

// pipe returns a new pipe, whose ends close closes.
func (g *group) pipe() (r, w *os.File) {
	if g.err != nil {
		return nil, nil
	}
	if r, w, g.err = os.Pipe(); g.err == nil {
		g.kept = append(g.kept, r, w)
	}
	return r, w
}

// spawn starts a worker process that runs s with in, out and post as its
// role's files (any may be nil). The worker is this very binary,
// re-executed: see worker.go.
func (g *group) spawn(s spec, in, out, post *os.File) {
	if g.err != nil {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		g.err = fmt.Errorf("sharedmem: cannot find this binary to re-execute: %w", err)
		return
	}
	s.File, s.Deadline = g.self.File, g.deadline
	js, _ := json.Marshal(s)               // a spec always marshals
	cmd := exec.CommandContext(g.ctx, exe) // killed at the deadline
	cmd.Env = workerEnv(string(js))
	cmd.Stderr = os.Stderr // a worker's failure or crash shows in the test's output
	cmd.ExtraFiles = []*os.File{g.readyW, g.startR, g.or(in), g.or(out), g.or(post)}
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		g.err = fmt.Errorf("sharedmem: starting %s worker %d: %w", s.Role, s.ID, err)
		return
	}
	g.cmds = append(g.cmds, cmd)
	g.names = append(g.names, fmt.Sprintf("%s worker %d (pid %d)", s.Role, s.ID, cmd.Process.Pid))
	for _, f := range []*os.File{in, out, post} {
		if f != nil {
			g.passed = append(g.passed, f)
		}
	}
	started(cmd.Process.Pid)
}

// or is f, or the null file in its place: a worker's descriptors 3 to 7
// are always open, so that none is reused by a file the worker opens.
func (g *group) or(f *os.File) *os.File {
	if f == nil {
		return g.null
	}
	return f
}

// started is called with each worker's pid; tests replace it.
var started = func(pid int) {}

// workerEnv is this process's environment for a worker running spec js,
// without the race detector's one-second sleep at exit.
func workerEnv(js string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GORACE=") && !strings.HasPrefix(kv, workerVar+"=") {
			env = append(env, kv)
		}
	}
	return append(env, "GORACE=atexit_sleep_ms=0", workerVar+"="+js)
}

// begin is the start barrier. It closes the parent's copies of the
// workers' files, waits until every worker has mapped the shared file,
// unlinks the file, and lets every worker go at once.
func (g *group) begin() {
	closeAll(append(g.passed, g.readyW, g.startR))
	g.passed = nil
	if g.err != nil {
		return
	}
	g.expect(g.ready, len(g.cmds), "every worker to start")
	if g.err == nil && g.dir != "" {
		g.err = os.RemoveAll(g.dir)
	}
	if g.err == nil {
		g.err = g.start.Close() // every worker's read returns EOF: go
	}
}

// expect reads n bytes from r, one from each worker that got somewhere,
// before the deadline.
func (g *group) expect(r *os.File, n int, what string) {
	if g.err != nil {
		return
	}
	if g.err = r.SetReadDeadline(g.deadline); g.err == nil {
		if _, err := io.ReadFull(r, make([]byte, n)); err != nil {
			g.err = fmt.Errorf("sharedmem: waiting for %s: %w", what, err)
		}
	}
}

// wait waits for workers [from, to) to exit and records each that
// failed, or was killed at the deadline.
func (g *group) wait(from, to int) {
	if g.err != nil {
		return
	}
	var errs []error
	for i := from; i < to; i++ {
		if err := g.cmds[i].Wait(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", g.names[i], err))
		}
	}
	if len(errs) > 0 && g.ctx.Err() != nil {
		errs = append(errs, fmt.Errorf("sharedmem: killed at the %v deadline", g.limit))
	}
	g.err = errors.Join(errs...)
}

// waitAll waits for every worker.
func (g *group) waitAll() { g.wait(0, len(g.cmds)) }

// kill kills worker i with SIGKILL, as a crash would, and reaps it.
func (g *group) kill(i int) {
	if g.err != nil {
		return
	}
	if g.err = g.cmds[i].Process.Kill(); g.err == nil {
		_ = g.cmds[i].Wait() // "signal: killed", which is the point
	}
}

// close kills every worker still running, reaps them all, and removes
// the shared file: on every path, so that nothing outlives the scenario.
func (g *group) close() {
	g.cancel()
	for _, c := range g.cmds {
		if c.ProcessState == nil {
			_ = c.Wait() // the context's cancel has killed it
		}
	}
	g.self.detach()
	closeAll(g.kept)
	if g.dir != "" {
		_ = os.RemoveAll(g.dir)
	}
}

func closeAll(fs []*os.File) {
	for _, f := range fs {
		if f != nil {
			_ = f.Close()
		}
	}
}
