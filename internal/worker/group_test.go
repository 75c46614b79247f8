package worker_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/internal/sharedmemtest"
	"github.com/racelab/racelab/internal/worker"
	"github.com/racelab/racelab/sharedmem"
	"golang.org/x/sys/unix"
)

// hang is a role that never ends by itself: it waits on in, which the
// test never writes.
var _ = func() bool {
	worker.Handle("hang", func(p *worker.Proc) error { p.Hear(); return nil })
	return true
}()

// watch records the pids of the workers started while the test runs, and
// points TMPDIR at a directory of the test's own.
func watch(t *testing.T) (pids *[]int, tmp string) {
	pids = new([]int)
	t.Cleanup(worker.SetStarted(func(pid int) { *pids = append(*pids, pid) }))
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
	g := worker.NewGroup(1, 300*time.Millisecond)
	never, _ := g.Pipe()
	for i := range 2 {
		g.Spawn(worker.Spec{Role: "hang", ID: i}, never, nil, nil)
	}
	g.Begin()
	g.WaitAll()
	g.Close()
	if g.Err == nil {
		t.Error("two hung workers: got no error, want the deadline's")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the hung workers took %v to end, want about their 300ms deadline", d)
	}
	t.Logf("error: %v", g.Err)
	assertNothingLeft(t, *pids, tmp)
}

func TestNothingOutlivesAScenario(t *testing.T) {
	for _, run := range []func() error{
		func() error { _, err := sharedmemtest.Count(sharedmem.Locked{}, 2, 100); return err },
		func() error { return sharedmemtest.Interleave(sharedmem.Plain{}) }, // fails: an update is lost
		func() error { return sharedmemtest.KillHolder(sharedmem.Flock{}) },
		func() error { return sharedmemtest.Submit(sharedmem.FuncTask{Fn: func(x int) int { return x }}) }, // fails
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
	g := worker.NewGroup(1, worker.Deadline)
	defer g.Close()
	never, _ := g.Pipe()
	g.Spawn(worker.Spec{Role: "hang"}, never, nil, nil)
	if left, _ := os.ReadDir(tmp); len(left) != 1 {
		t.Fatalf("before the start barrier: TMPDIR holds %v, want the private directory", left)
	}
	if info, err := os.Stat(g.Self.Path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the shared file: %v, want mode 0600 (err %v)", info, err)
	}
	g.Begin()
	if left, _ := os.ReadDir(tmp); g.Err != nil || len(left) > 0 {
		t.Errorf("after the start barrier: TMPDIR holds %v (err %v), want nothing", left, g.Err)
	}
}

// A role nobody registered is refused before a process starts: a worker
// started for it would find no role to run, and go on into main.
func TestSpawnRefusesAnUnknownRole(t *testing.T) {
	g := worker.NewGroup(0, worker.Deadline)
	defer g.Close()
	g.Spawn(worker.Spec{Role: "nobody"}, nil, nil, nil)
	if g.Err == nil || !strings.Contains(g.Err.Error(), `no role "nobody"`) {
		t.Errorf("Spawn of an unregistered role: got error %v, want one naming the role", g.Err)
	}
}
