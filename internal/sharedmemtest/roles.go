package sharedmemtest

import (
	"bytes"
	"errors"
	"io"
	"reflect"

	"github.com/racelab/racelab/internal/worker"
	"github.com/racelab/racelab/sharedmem"
)

// The roles: what a worker process of these workloads runs, by name, the
// workers' halves of the workloads. Each role's files (in, out, post) are
// given by its workload. (sharedmem registers the roles its lessons run
// themselves: "visit", and "own", an Owner's owner process.) A worker
// finds the variant its parent named among the variants registered here.
func init() {
	worker.Variants(sharedmem.Plain{}, sharedmem.Atomic{}, sharedmem.Locked{}, sharedmem.Owner{},
		sharedmem.SharedCursor{}, sharedmem.LockedCursor{}, sharedmem.Partitioned{},
		sharedmem.SpinLock{}, sharedmem.Flock{},
		sharedmem.FuncTask{}, sharedmem.OpTask{})
	worker.Handle("inc", incRole)
	worker.Handle("double", doubleRole)
	worker.Handle("hold", holdRole)
	worker.Handle("survive", surviveRole)
	worker.Handle("task", taskRole)
}

// incRole calls Inc N times. in and out: the handshake of a forced
// interleaving; post: the owner's pipe, for an Owner.
func incRole(p *worker.Proc) error {
	c, err := worker.Variant[Counter](p)
	for i := 0; i < p.N && err == nil; i++ {
		p.Begin()
		err = c.Inc(p)
		p.End()
	}
	return err
}

// doubleRole doubles each element it claims. in and out: the handshake.
func doubleRole(p *worker.Proc) error {
	c, err := worker.Variant[Claimer](p)
	for err == nil {
		p.Begin()
		var i int
		var ok bool
		if i, ok, err = c.Claim(p); ok && err == nil {
			*p.Word(elements + i) *= 2
		}
		p.End()
		if !ok {
			break
		}
	}
	return err
}

// holdRole does a critical section, takes the lock again, says so on
// out, and waits on in, which never gets a byte, to be killed.
func holdRole(p *worker.Proc) error {
	l, err := worker.Variant[ProcessLock](p)
	if err == nil {
		err = section(l, p)
	}
	if err == nil {
		err = l.Lock(p)
	}
	if err != nil {
		return err
	}
	p.Tell('h')
	p.Hear()
	return errors.New("the holder was not killed")
}

// surviveRole waits until in closes (the holder holds the lock), then
// does a critical section.
func surviveRole(p *worker.Proc) error {
	l, err := worker.Variant[ProcessLock](p)
	if err != nil {
		return err
	}
	p.Hear()
	return section(l, p)
}

// taskRole reads everything sent on in, runs the task in it, if any, and
// replies on out.
func taskRole(p *worker.Proc) error {
	v, err := worker.Variant[Task](p)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(p.In)
	if err != nil {
		return err
	}
	r := result{Bytes: len(data)}
	if len(data) > 0 {
		t := reflect.New(reflect.TypeOf(v))
		err = worker.Receive(bytes.NewReader(data), t.Interface())
		if err == nil {
			r.Value, err = t.Elem().Interface().(Task).Do()
		}
		if err != nil {
			r.Err = err.Error()
		}
	}
	return worker.Send(p.Out, r)
}
