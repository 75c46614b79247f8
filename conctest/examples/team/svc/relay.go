package svc

import (
	"bufio"
	"fmt"
	"io"
)

// Relay copies the output of a job the service supervises to dst, line
// by line, as the job wrote it: on-call reads a crashed job's own words.
// It returns how many lines it copied.
func Relay(dst io.Writer, src io.Reader) (int, error) {
	sc := bufio.NewScanner(src)
	n := 0
	for sc.Scan() {
		if _, err := fmt.Fprintln(dst, sc.Text()); err != nil {
			return n, err
		}
		n++
	}
	return n, sc.Err()
}
