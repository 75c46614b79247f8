package sharedmem

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
)

// roles are what a worker process can run, by name: the workers' halves
// of the workloads. Each role's files (in, out, post) are given by its
// workload.
var roles = map[string]func(p *Proc) error{
	"inc":     incRole,
	"own":     ownRole,
	"double":  doubleRole,
	"visit":   visitRole,
	"hold":    holdRole,
	"survive": surviveRole,
	"task":    taskRole,
}

// incRole calls Inc N times. in and out: the handshake of a forced
// interleaving; post: the owner's pipe, for an Owner.
func incRole(p *Proc) error {
	c, err := variant[Counter](p)
	for i := 0; i < p.N && err == nil; i++ {
		p.begin()
		err = c.Inc(p)
		p.end()
	}
	return err
}

// ownRole is an Owner's owner process: in, the messages; out, the total.
func ownRole(p *Proc) error {
	o, err := variant[owning](p)
	if err != nil {
		return err
	}
	return o.own(bufio.NewReader(p.in), p.out)
}

// doubleRole doubles each element it claims. in and out: the handshake.
func doubleRole(p *Proc) error {
	c, err := variant[Claimer](p)
	for err == nil {
		p.begin()
		var i int
		var ok bool
		if i, ok, err = c.Claim(p); ok && err == nil {
			*p.word(elements + i) *= 2
		}
		p.end()
		if !ok {
			break
		}
	}
	return err
}

// visitRole visits, and replies with its visits on out.
func visitRole(p *Proc) error {
	visit()
	return binary.Write(p.out, binary.LittleEndian, visits)
}

// holdRole does a critical section, takes the lock again, says so on
// out, and waits on in, which never gets a byte, to be killed.
func holdRole(p *Proc) error {
	l, err := variant[ProcessLock](p)
	if err == nil {
		err = section(l, p)
	}
	if err == nil {
		err = l.Lock(p)
	}
	if err != nil {
		return err
	}
	p.tell('h')
	p.hear()
	return errors.New("the holder was not killed")
}

// surviveRole waits until in closes (the holder holds the lock), then
// does a critical section.
func surviveRole(p *Proc) error {
	l, err := variant[ProcessLock](p)
	if err != nil {
		return err
	}
	p.hear()
	return section(l, p)
}

// taskRole reads everything sent on in, runs the task in it, if any, and
// replies on out.
func taskRole(p *Proc) error {
	v, err := variant[Task](p)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(p.in)
	if err != nil {
		return err
	}
	r := result{Bytes: len(data)}
	if len(data) > 0 {
		t := reflect.New(reflect.TypeOf(v))
		err = receive(bytes.NewReader(data), t.Interface())
		if err == nil {
			r.Value, err = t.Elem().Interface().(Task).Do()
		}
		if err != nil {
			r.Err = err.Error()
		}
	}
	return send(p.out, r)
}
