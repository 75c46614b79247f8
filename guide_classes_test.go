package racelab

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The guide's index by bug class: every broken variant placed on the two
// published studies of real Go concurrency bugs, so that a trainer can
// pick a session by class.
//
//   - Tu, Liu, Song and Zhang, "Understanding Real-World Concurrency Bugs
//     in Go", ASPLOS 2019: a bug's behavior (blocking: goroutines stuck;
//     non-blocking: wrong results, panics) by its cause (misuse of shared
//     memory, or of message passing), with the primitive misused (Tables
//     5 and 8 of the paper).
//   - Chabbi and Ramanathan, "A Study of Real-World Data Races in
//     Golang", PLDI 2022: the patterns of the data races found in Uber's
//     Go code (its observations).
//
// The placements are this project's reading of the lessons against the
// papers' definitions.

// asplosCause is a cell of ASPLOS'19's table: behavior, cause, and the
// primitive misused, as the paper's columns name them.
type asplosCause struct{ behavior, cause, primitive string }

// The columns of the paper's two tables.
var asplosCauses = []asplosCause{
	{"blocking", "shared memory", "Mutex"},
	{"blocking", "shared memory", "RWMutex"},
	{"blocking", "shared memory", "Wait (Cond, WaitGroup)"},
	{"blocking", "message passing", "Chan"},
	{"blocking", "message passing", "Chan with other primitives"},
	{"blocking", "message passing", "messaging library"},
	{"non-blocking", "shared memory", "traditional (atomicity, order, data race)"},
	{"non-blocking", "shared memory", "anonymous function"},
	{"non-blocking", "shared memory", "WaitGroup"},
	{"non-blocking", "shared memory", "library"},
	{"non-blocking", "message passing", "Chan"},
	{"non-blocking", "message passing", "messaging library"},
}

// The data race patterns of PLDI'22, in the paper's order.
var pldiPatterns = []string{
	"capture by reference in closures (loop variables, err, named results)",
	"slices: a shared backing array behind a copied header",
	"maps: concurrent access to a built-in map",
	"pass-by-value where a reference was meant (a copied mutex, a value receiver)",
	"mixing message passing and shared memory",
	"group synchronization: WaitGroup Add and Done misplaced",
	"parallel table-driven tests",
	"incorrect use of mutual exclusion (a missing lock, a write under a read lock)",
}

// A class places one broken variant: its ASPLOS'19 cell (nil: outside
// that study) and its PLDI'22 pattern ("": not a data race, or none of
// the patterns).
type class struct {
	asplos *asplosCause
	pldi   string
	why    string // when outside a study: why
}

func asplos(behavior, cause, primitive string) *asplosCause {
	i := slices.Index(asplosCauses, asplosCause{behavior, cause, primitive})
	if i < 0 {
		panic(fmt.Sprintf("no ASPLOS'19 cell %s / %s / %s", behavior, cause, primitive))
	}
	return &asplosCauses[i]
}

func pldi(prefix string) string {
	i := slices.IndexFunc(pldiPatterns, func(p string) bool { return strings.HasPrefix(p, prefix) })
	if i < 0 {
		panic("no PLDI'22 pattern " + prefix)
	}
	return pldiPatterns[i]
}

const crossProcess = "memory shared between OS processes, which both studies leave out: they study goroutines of one process"

var classes = map[string]class{
	"counter.Unsync":      {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},
	"counter.HalfLocked":  {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},
	"counter.LoadStore":   {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), why: "an atomicity violation of atomic operations: no data race"},
	"counter.PlainFlush":  {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},
	"counter.PlainStatus": {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},

	"locks.LoadThenStore":     {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), why: "check-then-act on a sync.Map: an atomicity violation, no data race"},
	"locks.SharedSubscribers": {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("slices")},
	"locks.SendLocked":        {asplos: asplos("blocking", "message passing", "Chan with other primitives"), why: "a lock held across a channel send: a deadlock, not a data race"},
	"locks.DoubleChecked":     {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},

	"capture.OneVarPerLoop":    {asplos: asplos("non-blocking", "shared memory", "anonymous function"), pldi: pldi("capture by reference")},
	"capture.GoLastInLoop":     {asplos: asplos("non-blocking", "shared memory", "anonymous function"), pldi: pldi("capture by reference")},
	"capture.SharedErr":        {asplos: asplos("non-blocking", "shared memory", "anonymous function"), pldi: pldi("capture by reference")},
	"capture.NamedResult":      {asplos: asplos("non-blocking", "shared memory", "anonymous function"), pldi: pldi("capture by reference")},
	"capture.FatalInHelper":    {asplos: asplos("non-blocking", "shared memory", "library"), why: "testing's FailNow called off the test's goroutine: the test goes on, no data race"},
	"capture.FatalInGoroutine": {asplos: asplos("non-blocking", "shared memory", "library"), why: "testing's FailNow called off the test's goroutine: the test goes on, no data race"},

	"locks.Relock":              {asplos: asplos("blocking", "shared memory", "Mutex"), why: "a deadlock, not a data race"},
	"locks.NestedRLock":         {asplos: asplos("blocking", "shared memory", "RWMutex"), why: "a deadlock, not a data race"},
	"locks.WriteUnderRLock":     {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},
	"locks.TransferInCallOrder": {asplos: asplos("blocking", "shared memory", "Mutex"), why: "a deadlock, not a data race"},
	"locks.EarlyReturn":         {asplos: asplos("blocking", "shared memory", "Mutex"), why: "a deadlock, not a data race"},
	"locks.CopyValue":           {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("pass-by-value")},
	"locks.Unbounded":           {asplos: asplos("non-blocking", "shared memory", "library"), why: "a missing bound, not a data race"},
	"locks.ReleaseOnSuccess":    {asplos: asplos("blocking", "shared memory", "Wait (Cond, WaitGroup)"), why: "a leaked permit: goroutines block, no data race"},
	"locks.FlagEvent":           {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},
	"locks.SpinFlag":            {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("incorrect use of mutual exclusion")},
	"locks.CloseEvent":          {asplos: asplos("non-blocking", "message passing", "Chan"), why: "a channel closed twice panics: no data race"},
	"locks.WaitInIf":            {asplos: asplos("non-blocking", "shared memory", "library"), why: "a Cond misused: a wrong result or a panic, no data race"},
	"locks.WaitUnlocked":        {asplos: asplos("non-blocking", "shared memory", "library"), why: "Cond.Wait without its lock panics: no data race"},
	"locks.SignalOnClose":       {asplos: asplos("blocking", "shared memory", "Wait (Cond, WaitGroup)"), why: "a missed wake-up, not a data race"},

	"prodcons.OneSentinel":         {asplos: asplos("blocking", "message passing", "Chan"), why: "consumers blocked on a channel, no data race"},
	"prodcons.PlainSend":           {asplos: asplos("blocking", "message passing", "Chan"), why: "a producer blocked on a channel, no data race"},
	"prodcons.ConsumerCloses":      {asplos: asplos("non-blocking", "message passing", "Chan"), pldi: pldi("mixing message passing")},
	"prodcons.EachProducerCloses":  {asplos: asplos("non-blocking", "message passing", "Chan"), why: "a channel closed twice panics: no data race"},
	"prodcons.UnbufferedResult":    {asplos: asplos("blocking", "message passing", "Chan with other primitives"), why: "a worker blocked on a send after a timeout (a select with a timer), no data race"},
	"prodcons.AddInside":           {asplos: asplos("non-blocking", "shared memory", "WaitGroup"), pldi: pldi("group synchronization")},
	"prodcons.AddFirstInGoroutine": {asplos: asplos("non-blocking", "shared memory", "WaitGroup"), pldi: pldi("group synchronization")},
	"prodcons.GoPerItem":           {why: "no bound on the goroutines: a resource bug that neither study counts as a concurrency bug"},
	"prodcons.SharedMap":           {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("maps")},
	"prodcons.SharedAppend":        {asplos: asplos("non-blocking", "shared memory", "traditional (atomicity, order, data race)"), pldi: pldi("slices")},
	"prodcons.FetchThenProcess":    {asplos: asplos("blocking", "message passing", "Chan"), why: "a stage blocked on a channel nobody reads yet, no data race"},

	"prodcons.AfterEachItem":   {asplos: asplos("non-blocking", "message passing", "messaging library"), why: "a timer misused: the deadline restarts at every item, a wrong result, no data race"},
	"prodcons.RangeTicker":     {asplos: asplos("blocking", "message passing", "messaging library"), why: "a goroutine blocked on a stopped ticker's channel, no data race"},
	"prodcons.DrainAfterStop":  {asplos: asplos("blocking", "message passing", "messaging library"), why: "a drain that blocks on a timer's channel, no data race"},
	"prodcons.CancelAfterWait": {asplos: asplos("blocking", "message passing", "messaging library"), why: "a context cancelled only after the wait that needs it: a deadlock, no data race"},
	"prodcons.DiscardCancel":   {asplos: asplos("blocking", "message passing", "messaging library"), why: "a context's cancel discarded: its goroutines wait for a deadline or forever, no data race"},
	"prodcons.BackgroundWatch": {asplos: asplos("blocking", "message passing", "messaging library"), why: "a context not passed on: a goroutine that outlives its caller, no data race"},
	"prodcons.CheckErrFirst":   {asplos: asplos("blocking", "message passing", "Chan with other primitives"), why: "a goroutine that checks ctx.Err() and then blocks in a receive: a leak, no data race"},
	"prodcons.GroupNoRecover":  {asplos: asplos("non-blocking", "shared memory", "library"), why: "a panic in a goroutine ends the process: no data race"},
	"prodcons.DoneOnError":     {asplos: asplos("non-blocking", "shared memory", "WaitGroup"), pldi: pldi("group synchronization")},
	"prodcons.NilResult":       {asplos: asplos("blocking", "message passing", "Chan"), why: "a select on a nil channel waits forever, no data race"},
	"prodcons.PollResult":      {asplos: asplos("non-blocking", "message passing", "Chan"), why: "a select with default polled in a loop: a busy wait, no data race"},
	"prodcons.EmptyDefault":    {asplos: asplos("non-blocking", "message passing", "Chan"), why: "a select with an empty default in a loop: a busy wait, no data race"},

	"sharedmem.Plain":         {why: crossProcess},
	"sharedmem.SharedCursor":  {why: crossProcess},
	"sharedmem.ProcessGlobal": {why: crossProcess},
	"sharedmem.SpinLock":      {why: crossProcess},
	"sharedmem.FuncTask":      {why: crossProcess},
}

// classesPage is docs/guide/classes.md.
func classesPage(lps []lessonPage) string {
	pageOf := map[string]string{}
	var broken []string
	for _, p := range lps {
		for _, r := range p.rows {
			if isBroken(r) {
				pageOf[r.variant] = p.page()
				broken = append(broken, r.variant)
			}
		}
	}
	link := func(v string) string { return fmt.Sprintf("[`%s`](%s)", v, pageOf[v]) }
	var b strings.Builder
	b.WriteString(generated)
	b.WriteString("# The lessons by bug class\n\n[Guide](README.md)\n\n")
	b.WriteString("Every broken variant placed on the two published studies of real Go concurrency bugs, so that a\n")
	b.WriteString("session can be picked by class. The placements are this guide's reading of each lesson against\n")
	b.WriteString("the papers' definitions; a class no lesson covers yet is listed as such.\n\n")
	b.WriteString("## ASPLOS'19: behavior by cause\n\n")
	b.WriteString("Tu, Liu, Song and Zhang, \"Understanding Real-World Concurrency Bugs in Go\", ASPLOS 2019\n")
	b.WriteString("(doi:10.1145/3297858.3304069): 171 bugs of Docker, Kubernetes, etcd, gRPC, CockroachDB and BoltDB,\n")
	b.WriteString("by behavior (blocking: goroutines stuck; non-blocking: a wrong result or a panic) and cause (the\n")
	b.WriteString("misuse of shared memory or of message passing), with the primitive misused.\n\n")
	b.WriteString("| behavior | cause | primitive | lessons |\n|---|---|---|---|\n")
	for i := range asplosCauses {
		c := &asplosCauses[i]
		var vs []string
		for _, v := range broken {
			if classes[v].asplos == c {
				vs = append(vs, link(v))
			}
		}
		cell := strings.Join(vs, ", ")
		if cell == "" {
			cell = "*no lesson yet*"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.behavior, c.cause, c.primitive, cell)
	}
	var outside []string
	for _, v := range broken {
		if classes[v].asplos == nil {
			outside = append(outside, fmt.Sprintf("- %s: %s", link(v), classes[v].why))
		}
	}
	if len(outside) > 0 {
		b.WriteString("\nOutside this study:\n\n" + strings.Join(outside, "\n") + "\n")
	}
	b.WriteString("\n## PLDI'22: data race patterns\n\n")
	b.WriteString("Chabbi and Ramanathan, \"A Study of Real-World Data Races in Golang\", PLDI 2022\n")
	b.WriteString("(doi:10.1145/3519939.3523720): the patterns of over 2,000 data races found in Uber's Go code.\n")
	b.WriteString("Only data races belong here: a deadlock, a leak or a panic is in the table above.\n\n")
	b.WriteString("| pattern | lessons |\n|---|---|\n")
	for _, p := range pldiPatterns {
		var vs []string
		for _, v := range broken {
			if classes[v].pldi == p {
				vs = append(vs, link(v))
			}
		}
		cell := strings.Join(vs, ", ")
		if cell == "" {
			cell = "*no lesson yet*"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", p, cell)
	}
	var notRace []string
	for _, v := range broken {
		if classes[v].pldi == "" {
			why := classes[v].why
			if why == "" {
				why = "not one of the patterns"
			}
			notRace = append(notRace, fmt.Sprintf("- %s: %s", link(v), why))
		}
	}
	if len(notRace) > 0 {
		b.WriteString("\nNot in this table:\n\n" + strings.Join(notRace, "\n") + "\n")
	}
	return b.String()
}

// Every broken variant of the catalog is placed, and every placement is
// of a broken variant of the catalog.
func TestEveryBrokenVariantHasAClass(t *testing.T) {
	broken := map[string]bool{}
	for _, r := range catalog {
		if isBroken(r) {
			broken[r.variant] = true
			c, ok := classes[r.variant]
			switch {
			case !ok:
				t.Errorf("%s: broken, but placed on neither study: add it to classes (guide_classes_test.go)", r.variant)
			case c.asplos == nil && c.why == "":
				t.Errorf("%s: outside ASPLOS'19's table with no reason", r.variant)
			case c.pldi == "" && c.why == "" && c.asplos != nil:
				t.Errorf("%s: not a PLDI'22 pattern, with no reason", r.variant)
			}
		}
	}
	for v := range classes {
		if !broken[v] {
			t.Errorf("classes places %s, which is no broken variant of the catalog", v)
		}
	}
}
