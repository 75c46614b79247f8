//go:build !unix

package static

import "errors"

// lockDir fails where there is no flock(2): each test process analyzes
// its own batch.
func lockDir(string) (func(), error) {
	return nil, errors.New("static: no file lock on this system; results are not shared")
}
