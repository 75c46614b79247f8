package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// relabelStream copies a go test -json stream, adding " (label)" to each
// event's package, so that two builds of one package (the plain build and
// the go-deadlock build) are two packages in a summary or a JUnit file.
// Lines that are not JSON pass through as they are.
func relabelStream(in io.Reader, out io.Writer, label string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	w := bufio.NewWriter(out)
	for sc.Scan() {
		var e map[string]any
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Fprintln(w, sc.Text())
			continue
		}
		for _, k := range []string{"Package", "ImportPath"} {
			if p, ok := e[k].(string); ok && p != "" {
				e[k] = p + " (" + label + ")"
			}
		}
		js, err := json.Marshal(e)
		if err != nil {
			return err
		}
		w.Write(append(js, '\n'))
		w.Flush() // a reader down the pipe shows each line as it comes
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return sc.Err()
}
