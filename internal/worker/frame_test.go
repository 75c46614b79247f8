package worker_test

import (
	"bytes"
	"encoding/gob"
	"strings"
	"testing"

	"github.com/racelab/racelab/internal/worker"
	"github.com/racelab/racelab/sharedmem"
)

// What Send adds to gob, shown on gob itself: a func field is dropped
// without an error, and a failed Encode can leave part of a message on
// the stream.
func TestGobAloneDropsFuncFields(t *testing.T) {
	var buf bytes.Buffer
	in := sharedmem.FuncTask{Fn: func(x int) int { return 2 * x }, X: 21}
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatalf("gob.Encode(FuncTask): %v, want no error (gob ignores func fields)", err)
	}
	var out sharedmem.FuncTask
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil || out.Fn != nil || out.X != 21 {
		t.Fatalf("gob round trip of FuncTask: got %+v, %v, want X 21 and a nil Fn", out, err)
	}
	buf.Reset()
	err := gob.NewEncoder(&buf).Encode(struct{ Fn func() }{})
	if err == nil || buf.Len() == 0 {
		t.Fatalf("gob.Encode(struct{Fn func()}): error %v with %d bytes written, want an error after a partial write", err, buf.Len())
	}
}

func TestSendRefusesCodeAndChannels(t *testing.T) {
	type reply struct {
		X     int
		Reply chan int
	}
	type nested struct{ Inner *reply }
	for _, tt := range []struct {
		v    any
		path string
	}{
		{func(x int) int { return x }, "func(int) int"},
		{make(chan int), "chan int"},
		{sharedmem.FuncTask{Fn: func(x int) int { return x }}, "sharedmem.FuncTask.Fn, a func(int) int"},
		{reply{Reply: make(chan int)}, "worker_test.reply.Reply, a chan int"},
		{nested{}, "worker_test.nested.Inner.Reply, a chan int"},
		{[]func(){}, "[]func()[i], a func()"},
		{map[string]<-chan bool{}, "map[string]<-chan bool[k], a <-chan bool"},
	} {
		var buf bytes.Buffer
		err := worker.Send(&buf, tt.v)
		if err == nil || !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), "to another process") {
			t.Errorf("Send(%T): got error %v, want one naming %q", tt.v, err, tt.path)
		}
		if buf.Len() > 0 {
			t.Errorf("Send(%T) failed but wrote %d bytes, want none", tt.v, buf.Len())
		}
	}
}

// A Send that gob fails in the middle writes nothing, and the next
// message on the same stream reads back whole.
func TestSendFailsWhole(t *testing.T) {
	type unregistered struct{ X int }
	var buf bytes.Buffer
	if err := worker.Send(&buf, struct{ V any }{unregistered{1}}); err == nil || buf.Len() > 0 {
		t.Fatalf("Send of an unregistered interface value: error %v, %d bytes written, want an error and none", err, buf.Len())
	}
	if err := worker.Send(&buf, sharedmem.OpTask{Op: "double", X: 21}); err != nil {
		t.Fatal(err)
	}
	var got sharedmem.OpTask
	if err := worker.Receive(&buf, &got); err != nil || got != (sharedmem.OpTask{Op: "double", X: 21}) {
		t.Errorf("Receive after a failed Send: got %+v, %v, want the OpTask sent", got, err)
	}
}
