// Package svc is the core of the team's service: request counters, the
// config store and its hot reload, the worker pool that runs jobs, and
// the metrics the dashboards read.
//
// Some types keep a regression next to its fix (Counter and
// LockedCounter, Metrics.Observe and Metrics.ObserveLocked): the tests
// prove that the old code races and that the fix does not, so that the
// bug cannot come back unnoticed.
package svc

import (
	"log"
	"os"
)

// Log is where the service writes its operational messages. Lines carry
// no timestamp: the journal stamps them.
var Log = log.New(os.Stderr, "", 0)
