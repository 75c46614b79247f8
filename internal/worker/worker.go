// Package worker runs the sharedmem lessons' worker processes: the
// running binary, started again (the re-exec pattern), sharing a
// memory-mapped file with its parent and its siblings, released together
// by a start barrier and bounded by a deadline. The sharedmem package's
// doc tells why and how; this package is the machinery, out of the
// lesson's API.
//
// A worker runs a role: a function registered with Handle, by the
// package that spawns it. sharedmem registers the roles its lessons need
// (a child that visits, an owner process); internal/sharedmemtest the
// worker halves of its workloads. A Group is the parent's side of one
// scenario; a Proc is what a variant's code sees of its process.
package worker

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// workerVar names the environment variable that makes a process a
// worker. Its value is the worker's spec, as JSON.
const workerVar = "SHAREDMEM_WORKER"

// A Spec is what a worker process is told.
type Spec struct {
	Role     string    // what the worker runs: a role registered with Handle
	Variant  string    // the variant's type, as %T prints it (see Variant)
	ID       int       // which worker of its role, from 0
	Procs    int       // how many workers have the role
	N        int       // how many operations each does
	Path     string    // the shared file; "" for none
	Turn     string    // first or second in a forced interleaving (see Turn)
	Deadline time.Time // the worker exits by itself at this time
}

// roles are what a worker process can run, by name.
var roles = map[string]func(p *Proc) error{}

// self is this process's spec as a worker, or nil if it is none.
var self = func() *Spec {
	js, ok := os.LookupEnv(workerVar)
	if !ok {
		return nil
	}
	s := new(Spec)
	if err := json.Unmarshal([]byte(js), s); err != nil {
		fmt.Fprintf(os.Stderr, "sharedmem: a worker with a bad spec %q: %v\n", js, err)
		os.Exit(1)
	}
	return s
}()

// Handle registers fn as role. The re-exec pattern: a worker is this very
// binary, started again with its spec in the environment, and in a worker
// started for role, Handle runs fn and exits: call it from an init
// function (or a package variable's initializer) of the package that
// spawns the role, so that the worker runs before main (or TestMain), and
// with the packages fn needs initialized. It is Go's answer to Python's
// `if __name__ == "__main__":` guard, which keeps a spawned child from
// running the parent's program: here the child never reaches main at
// all. Any binary that links the spawning package can therefore host its
// workers: a test binary, the catalog's, a command.
func Handle(role string, fn func(p *Proc) error) {
	roles[role] = fn
	if self != nil && self.Role == role {
		os.Exit(work(self, fn))
	}
}

// variants maps each registered variant's name, as %T prints it, to its
// value, so that a worker can find the variant its parent named.
var variants = map[string]any{}

// Variants registers vs, so that a worker told one of their names finds
// it. Register them before any role that looks them up.
func Variants(vs ...any) {
	for _, v := range vs {
		variants[Name(v)] = v
	}
}

// Name is the name of v's type, as a Spec's Variant names it.
func Name(v any) string { return fmt.Sprintf("%T", v) }

// Variant returns p's variant as a T.
func Variant[T any](p *Proc) (T, error) {
	v, ok := variants[p.Variant].(T)
	if !ok {
		return v, fmt.Errorf("unknown variant %q for role %s", p.Variant, p.Role)
	}
	return v, nil
}

// work runs the role fn of a worker with spec s, and returns its exit
// status.
func work(s *Spec, fn func(p *Proc) error) int {
	p := &Proc{Spec: *s}
	time.AfterFunc(time.Until(p.Deadline), func() {
		fmt.Fprintf(os.Stderr, "sharedmem: %s worker %d: deadline passed, exiting\n", p.Role, p.ID)
		os.Exit(2)
	})
	if err := p.run(fn); err != nil {
		fmt.Fprintf(os.Stderr, "sharedmem: %s worker %d: %v\n", p.Role, p.ID, err)
		return 1
	}
	return 0
}

// Visits returns how many times the sharedmem lessons' visit has run in
// this process, or been counted in it, for the workload CountVisits
// (internal/sharedmemtest). sharedmem sets it at init and keeps the count
// itself unexported: it is the package-level variable its lesson is
// about.
var Visits = func() int64 { return 0 }
