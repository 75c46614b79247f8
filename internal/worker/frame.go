package worker

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"reflect"
)

// Send writes v to w as one frame: its length, then v encoded by a fresh
// gob encoder, in a single Write. It is the Go side of Python's
// Connection.send, with two guards that gob alone lacks:
//
//   - It refuses a value with a func or a chan anywhere in its type, with
//     an error naming the field. gob refuses them only at the top level;
//     in a struct it drops them without a word.
//   - It encodes into a buffer first. An encoder that fails can have
//     written part of a message already (a type description); here a
//     failed send writes nothing, and the stream stays readable.
func Send(w io.Writer, v any) error {
	if err := guard(v); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Write(make([]byte, 4)) // room for the length
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return fmt.Errorf("sharedmem: gob cannot encode %T: %w", v, err)
	}
	frame := buf.Bytes()
	binary.LittleEndian.PutUint32(frame, uint32(len(frame)-4))
	_, err := w.Write(frame)
	return err
}

// Receive reads one frame from r into *v.
func Receive(r io.Reader, v any) error {
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return err
	}
	return gob.NewDecoder(io.LimitReader(r, int64(n))).Decode(v)
}

// guard is Send's first guard. It is a variable only so that a test can
// take it away (Unguard), to show that the proof of sharedmem.FuncTask
// then fails.
var guard = func(v any) error {
	return sendable(reflect.TypeOf(v), fmt.Sprintf("%T", v), map[reflect.Type]bool{})
}

// Unguard takes Send's first guard away, as deleting it from Send would,
// until restore is called. For tests: it is not safe for concurrent use.
func Unguard() (restore func()) {
	prev := guard
	guard = func(any) error { return nil }
	return func() { guard = prev }
}

// sendable returns an error if a value of type t, at path, cannot cross
// a process boundary: it is or holds a func, a chan or an unsafe pointer.
func sendable(t reflect.Type, path string, seen map[reflect.Type]bool) error {
	if t == nil || seen[t] {
		return nil
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return fmt.Errorf("sharedmem: cannot send %s, a %s, to another process: only data crosses, not code or channels; send what names the work", path, t)
	case reflect.Pointer:
		return sendable(t.Elem(), path, seen)
	case reflect.Slice, reflect.Array:
		return sendable(t.Elem(), path+"[i]", seen)
	case reflect.Map:
		if err := sendable(t.Key(), path+" key", seen); err != nil {
			return err
		}
		return sendable(t.Elem(), path+"[k]", seen)
	case reflect.Struct:
		for f := range t.Fields() {
			if f.IsExported() {
				if err := sendable(f.Type, path+"."+f.Name, seen); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
