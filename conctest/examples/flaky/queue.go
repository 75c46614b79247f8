package flaky

import "sync"

// A queue hands jobs to workers: Get waits on a sync.Cond until there is
// a job or the queue is closed.
type queue struct {
	mu     sync.Mutex
	cond   sync.Cond // L is &mu
	jobs   []string
	closed bool
}

func (q *queue) Put(job string) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	q.cond.Signal() // one job, one worker
}

// Get returns the next job, or false once the queue is closed and empty.
func (q *queue) Get() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return "", false
	}
	job := q.jobs[0]
	q.jobs = q.jobs[1:]
	return job, true
}

// SignalClose is a queue whose Close signals, as Put does.
//
// Broken: Signal wakes one waiting worker. A worker that is busy when
// Close comes sees closed on its next Get, so most runs end well; but
// when two workers are both waiting, one of them waits forever. In a
// testing/synctest bubble that worker is left blocked in Get.
type SignalClose struct{ queue }

func NewSignalClose() *SignalClose {
	q := new(SignalClose)
	q.cond.L = &q.mu
	return q
}

func (q *SignalClose) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal() // wakes one waiting worker of many
}

// BroadcastClose is a queue whose Close broadcasts.
//
// Fixed: every waiting worker wakes, sees closed, and returns. Clean
// under every detector.
type BroadcastClose struct{ queue }

func NewBroadcastClose() *BroadcastClose {
	q := new(BroadcastClose)
	q.cond.L = &q.mu
	return q
}

func (q *BroadcastClose) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast() // every worker must see closed
}
