package sharedmem

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// The variants of this lesson are locks that exclude processes from a
// critical section. Their methods take the calling process's Proc, where
// their state lives.

// lockWord is a SpinLock's word in the shared file.
const lockWord = 0

// SpinLock is a lock kept in the shared memory itself: a word that a
// process sets from 0 to its pid to take the lock, and back to 0 to
// release it. Python's multiprocessing.Lock is of this kind: a semaphore
// in shared memory.
//
// Broken: when the holder dies (killed, crashed, out of memory) before it
// unlocks, nothing ever clears the word. Every other process retries in
// Lock, sleeping between tries, until it gives up at its deadline: the
// watchdog reports a Hang, and goleak the goroutine still retrying.
// Neither the race detector nor go-deadlock can see a lock made of
// mapped memory.
type SpinLock struct{}

func (SpinLock) Lock(p *Proc) error {
	backoff := time.Microsecond
	for !p.AtomicWord(lockWord).CompareAndSwap(0, int64(os.Getpid())) { // held: by a live process?
		if time.Now().After(p.Deadline) {
			return errors.New("sharedmem.SpinLock: still held at the deadline")
		}
		time.Sleep(backoff) // a holder runs for microseconds: sleep, doubling up to 1 ms, not burn a core
		backoff = min(2*backoff, time.Millisecond)
	}
	return nil
}

func (SpinLock) Unlock(p *Proc) error {
	p.AtomicWord(lockWord).Store(0)
	return nil
}

// Flock is a lock the kernel keeps: flock(2) on the process's own open of
// the shared file.
//
// Fixed: the lock belongs to the open file, and the kernel closes a
// process's files when it dies, however it dies, which releases the lock.
// The survivors go on; the data is as the dead holder left it, consistent
// up to the kill (a lock cannot undo a half-done update: that needs a
// journal). Each process must open the file itself: an inherited
// descriptor shares its lock with the parent. Clean under every detector.
type Flock struct{}

func (Flock) Lock(p *Proc) error {
	err := flock(p.File, unix.LOCK_EX|unix.LOCK_NB)
	if err == unix.EWOULDBLOCK {
		// held by another process: wait
		err = flock(p.File, unix.LOCK_EX) // released at Unlock, or at its holder's death
	}
	return err
}

func (Flock) Unlock(p *Proc) error { return flock(p.File, unix.LOCK_UN) }

func flock(f *os.File, how int) error {
	for {
		if err := unix.Flock(int(f.Fd()), how); err != unix.EINTR {
			return err
		}
	}
}
