//go:build unix

package static

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lockDir takes the lock of the share directory dir, waiting for it, and
// returns its release.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing the file releases its lock
}
