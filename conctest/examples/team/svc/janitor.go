package svc

import "time"

// A Janitor runs housekeeping tasks in the background, every interval.
type Janitor struct {
	every time.Duration
	tasks []func()
	stop  chan struct{}
	done  chan struct{}
}

// StartJanitor starts running tasks every interval, in one goroutine,
// until Stop.
func StartJanitor(every time.Duration, tasks ...func()) *Janitor {
	j := &Janitor{every: every, tasks: tasks, stop: make(chan struct{}), done: make(chan struct{})}
	go j.loop()
	return j
}

func (j *Janitor) loop() {
	defer close(j.done)
	tick := time.NewTicker(j.every)
	defer tick.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-tick.C:
			for _, task := range j.tasks {
				task()
			}
		}
	}
}

// Stop stops the janitor and waits for a round of tasks in progress.
func (j *Janitor) Stop() {
	close(j.stop)
	<-j.done
}
