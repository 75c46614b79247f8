package sharedmem

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// hang is a role that never ends by itself: it waits on in, which the
// test never writes.
var _ = func() bool {
	roles["hang"] = func(p *Proc) error { p.hear(); return nil }
	return true
}()

// watch records the pids of the workers started while the test runs, and
// points TMPDIR at a directory of the test's own.
func watch(t *testing.T) (pids *[]int, tmp string) {
	pids = new([]int)
	prev := started
	started = func(pid int) { *pids = append(*pids, pid) }
	t.Cleanup(func() { started = prev })
	tmp = t.TempDir()
	t.Setenv("TMPDIR", tmp)
	return pids, tmp
}

// assertNothingLeft fails t if a worker in pids, or any child of this
// process, or any file under tmp, outlived the scenario.
func assertNothingLeft(t *testing.T, pids []int, tmp string) {
	t.Helper()
	if len(pids) == 0 {
		t.Fatal("no worker was started: the check would prove nothing")
	}
	for _, pid := range pids {
		if err := unix.Kill(pid, 0); err != unix.ESRCH {
			t.Errorf("worker %d is still there (kill -0: %v)", pid, err)
		}
	}
	if kids := children(); len(kids) > 0 {
		t.Errorf("processes %v are still children of the test", kids)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}

// children lists the processes whose parent is this one, zombies too.
func children() []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var kids []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		i := strings.LastIndexByte(string(b), ')') // the command may hold spaces
		if err != nil || i < 0 {
			continue
		}
		fields := strings.Fields(string(b[i+1:])) // state, ppid, ...
		if len(fields) > 1 && fields[1] == strconv.Itoa(os.Getpid()) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
			kids = append(kids, pid)
		}
	}
	return kids
}

// Two workers that never end are killed at their deadline, whether it
// passes while they run or (on a loaded machine) while they start.
func TestWorkersDieAtTheirDeadline(t *testing.T) {
	pids, tmp := watch(t)
	start := time.Now()
	g := newGroup(1, 300*time.Millisecond)
	never, _ := g.pipe()
	for i := range 2 {
		g.spawn(spec{Role: "hang", ID: i}, never, nil, nil)
	}
	g.begin()
	g.waitAll()
	g.close()
	if g.err == nil {
		t.Error("two hung workers: got no error, want the deadline's")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the hung workers took %v to end, want about their 300ms deadline", d)
	}
	t.Logf("error: %v", g.err)
	assertNothingLeft(t, *pids, tmp)
}

func TestNothingOutlivesAScenario(t *testing.T) {
	for _, run := range []func() error{
		func() error { _, err := Count(Locked{}, 2, 100); return err },
		func() error { return Interleave(Plain{}) }, // fails: an update is lost
		func() error { return KillHolder(Flock{}) },
		func() error { return Submit(FuncTask{Fn: func(x int) int { return x }}) }, // fails
	} {
		pids, tmp := watch(t)
		_ = run()
		assertNothingLeft(t, *pids, tmp)
	}
}

// The shared file is gone from the disk as soon as every worker has
// mapped it: a scenario killed from outside leaves nothing behind.
func TestFileUnlinkedOnceMapped(t *testing.T) {
	_, tmp := watch(t)
	g := newGroup(1, Deadline)
	defer g.close()
	never, _ := g.pipe()
	g.spawn(spec{Role: "hang"}, never, nil, nil)
	if left, _ := os.ReadDir(tmp); len(left) != 1 {
		t.Fatalf("before the start barrier: TMPDIR holds %v, want the private directory", left)
	}
	if info, err := os.Stat(g.self.File); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the shared file: %v, want mode 0600 (err %v)", info, err)
	}
	g.begin()
	if left, _ := os.ReadDir(tmp); g.err != nil || len(left) > 0 {
		t.Errorf("after the start barrier: TMPDIR holds %v (err %v), want nothing", left, g.err)
	}
}

// A worker runs without the race detector's one-second sleep at exit,
// whatever GORACE the parent has, and without the parent's own spec.
func TestWorkerEnv(t *testing.T) {
	t.Setenv("GORACE", "halt_on_error=1")
	t.Setenv(workerVar, "stale")
	var gorace, specs []string
	for _, kv := range workerEnv(`{"Role":"inc"}`) {
		switch k, v, _ := strings.Cut(kv, "="); k {
		case "GORACE":
			gorace = append(gorace, v)
		case workerVar:
			specs = append(specs, v)
		}
	}
	if !slices.Equal(gorace, []string{"atexit_sleep_ms=0"}) || !slices.Equal(specs, []string{`{"Role":"inc"}`}) {
		t.Errorf("workerEnv: GORACE %q and %s %q, want only atexit_sleep_ms=0 and the new spec", gorace, workerVar, specs)
	}
}
