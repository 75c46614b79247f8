package worker

import (
	"context"
	"encoding/binary"
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

// A Group is the parent's side of one scenario: the worker processes it
// started, the start barrier they wait on, and the shared file they map.
// The file is created with mode 0600 in a private directory and unlinked
// as soon as every worker has mapped it, so nothing is left on disk even
// if the whole process tree is killed; Close removes it on every other
// path.
//
// Its error is sticky, like a bufio.Writer's: once a step fails, the
// later steps do nothing, and Err reports the first failure. A scenario
// may set Err too, to the first failure of its own.
type Group struct {
	Err      error
	Self     *Proc // the parent's own view of the shared file
	ctx      context.Context
	cancel   context.CancelFunc
	deadline time.Time
	limit    time.Duration // the deadline, from the group's making
	dir      string        // the private directory; "" when there is no shared file
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

// NewGroup makes a group whose shared file holds words int64 words
// (none when words is 0), bounded by d.
func NewGroup(words int, d time.Duration) *Group {
	g := &Group{deadline: time.Now().Add(d), limit: d, Self: &Proc{}}
	g.ctx, g.cancel = context.WithDeadline(context.Background(), g.deadline)
	g.Self.Deadline = g.deadline
	g.ready, g.readyW = g.Pipe()
	g.startR, g.start = g.Pipe()
	g.null, g.Err = os.Open(os.DevNull)
	g.kept = append(g.kept, g.null)
	if words == 0 || g.Err != nil {
		return g
	}
	if g.dir, g.Err = os.MkdirTemp("", "sharedmem-"); g.Err != nil {
		return g
	}
	g.Self.Path = filepath.Join(g.dir, "mem")
	f, err := os.OpenFile(g.Self.Path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		err = f.Truncate(int64(8 * words))
	}
	if err == nil {
		err = g.Self.attach(f)
	}
	g.Err = err
	return g
}

// Deadline is when the group's workers are killed.
func (g *Group) Deadline() time.Time { return g.deadline }

// Pipe returns a new pipe, whose ends Close closes.
func (g *Group) Pipe() (r, w *os.File) {
	if g.Err != nil {
		return nil, nil
	}
	if r, w, g.Err = os.Pipe(); g.Err == nil {
		g.kept = append(g.kept, r, w)
	}
	return r, w
}

// Spawn starts a worker process that runs s with in, out and post as its
// role's files (any may be nil). The worker is this very binary,
// re-executed: see Handle, with which s.Role must be registered.
func (g *Group) Spawn(s Spec, in, out, post *os.File) {
	if g.Err != nil {
		return
	}
	if _, ok := roles[s.Role]; !ok {
		g.Err = fmt.Errorf("sharedmem: no role %q: a worker started for it would run this program's main", s.Role)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		g.Err = fmt.Errorf("sharedmem: cannot find this binary to re-execute: %w", err)
		return
	}
	s.Path, s.Deadline = g.Self.Path, g.deadline
	js, _ := json.Marshal(s)               // a spec always marshals
	cmd := exec.CommandContext(g.ctx, exe) // killed at the deadline
	cmd.Env = workerEnv(string(js))
	cmd.Stderr = os.Stderr // a worker's failure or crash shows in the test's output
	cmd.ExtraFiles = []*os.File{g.readyW, g.startR, g.or(in), g.or(out), g.or(post)}
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		g.Err = fmt.Errorf("sharedmem: starting %s worker %d: %w", s.Role, s.ID, err)
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
func (g *Group) or(f *os.File) *os.File {
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

// Begin is the start barrier. It closes the parent's copies of the
// workers' files, waits until every worker has mapped the shared file,
// unlinks the file, and lets every worker go at once.
func (g *Group) Begin() {
	closeAll(append(g.passed, g.readyW, g.startR))
	g.passed = nil
	if g.Err != nil {
		return
	}
	g.Expect(g.ready, len(g.cmds), "every worker to start")
	if g.Err == nil && g.dir != "" {
		g.Err = os.RemoveAll(g.dir)
	}
	if g.Err == nil {
		g.Err = g.start.Close() // every worker's read returns EOF: go
	}
}

// Expect reads n bytes from r, one from each worker that got somewhere,
// before the deadline.
func (g *Group) Expect(r *os.File, n int, what string) {
	if g.Err != nil {
		return
	}
	if g.Err = r.SetReadDeadline(g.deadline); g.Err == nil {
		if _, err := io.ReadFull(r, make([]byte, n)); err != nil {
			g.Err = fmt.Errorf("sharedmem: waiting for %s: %w", what, err)
		}
	}
}

// Wait waits for workers [from, to) to exit and records each that
// failed, or was killed at the deadline.
func (g *Group) Wait(from, to int) {
	if g.Err != nil {
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
	g.Err = errors.Join(errs...)
}

// WaitAll waits for every worker.
func (g *Group) WaitAll() { g.Wait(0, len(g.cmds)) }

// Kill kills worker i with SIGKILL, as a crash would, and reaps it.
func (g *Group) Kill(i int) {
	if g.Err != nil {
		return
	}
	if g.Err = g.cmds[i].Process.Kill(); g.Err == nil {
		_ = g.cmds[i].Wait() // "signal: killed", which is the point
	}
}

// Close kills every worker still running, reaps them all, and removes
// the shared file: on every path, so that nothing outlives the scenario.
func (g *Group) Close() {
	g.cancel()
	for _, c := range g.cmds {
		if c.ProcessState == nil {
			_ = c.Wait() // the context's cancel has killed it
		}
	}
	g.Self.detach()
	closeAll(g.kept)
	if g.dir != "" {
		_ = os.RemoveAll(g.dir)
	}
}

// Peers returns each worker's ends of the handshake pipes of a forced
// interleaving of two workers (see Proc.Window), or nils.
func (g *Group) Peers(procs int, forced bool) (in, out []*os.File) {
	in, out = make([]*os.File, procs), make([]*os.File, procs)
	switch {
	case !forced:
	case procs != 2:
		g.Err = fmt.Errorf("sharedmem: a forced interleaving takes 2 workers, got %d", procs)
	default:
		in[1], out[0] = g.Pipe()
		in[0], out[1] = g.Pipe()
	}
	return in, out
}

// InChild runs role in one worker process, with no shared file, and
// returns the number it replied with on its out.
func InChild(role string) (int64, error) {
	g := NewGroup(0, Deadline)
	defer g.Close()
	r, w := g.Pipe()
	g.Spawn(Spec{Role: role}, nil, w, nil)
	g.Begin()
	g.WaitAll()
	var n int64
	if g.Err == nil {
		g.Err = binary.Read(r, binary.LittleEndian, &n)
	}
	return n, g.Err
}

func closeAll(fs []*os.File) {
	for _, f := range fs {
		if f != nil {
			_ = f.Close()
		}
	}
}
