package conctest

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A proof's blame is read in its verdict's own evidence, and only in the
// frames of the code under test there: a race report's access stacks
// (not the stacks that created the goroutines), go-deadlock's lock
// sites, the goroutine that panicked, and for a goroutine dump (Hang,
// Blocked, a map crash, a goleak list) the goroutines that fn started or
// is running in. The harness's own frames never count: the engine's,
// testing's, the runtime's and the standard library's, the detectors'
// libraries', and "created by" lines. So "testing.tRunner",
// "sync.(*WaitGroup).Go", a bare package name or a word of another
// finding cannot pass as evidence. A Panic may also be blamed by its
// message, whole or its part before the first ": ", and a Lost by a
// phrase of whole words of the invariant's message. README.md's "Blame
// rules" says the same for users.

// A frame is one function of a stack that a detector printed.
type frame struct {
	fn    string // as printed: "github.com/x/p.(*T).M" or, by go-deadlock, "p.(*T).M"
	file  string // the file's path as printed, or go-deadlock's shortened one
	short bool   // go-deadlock's form: the package's path cut to its last element
}

var (
	raceAccess   = lineRegexp(`^(Previous )?(Atomic )?(read|write|Read|Write)( of size \d+)? at .* by .*:$`, "Previous ", "Atomic ", "read", "write", "Read", "Write")
	deadlockSite = lazyRegexp(`^(.+?\.go):\d+ (\S+) (?:\{ |\?\?\?)`)
	stackHeader  = lineRegexp(`^\[?[Gg]oroutine \d+`, "goroutine ", "Goroutine ", "[goroutine ", "[Goroutine ")
	profileFrame = lazyRegexp(`^#\s+0x[0-9a-f]+\s+(\S+)\+0x[0-9a-f]+\s+(\S+):\d+`)
)

// libraries are modules whose frames are the detectors' or the test
// helpers', never the code under test.
var libraries = []string{"github.com/sasha-s/go-deadlock.", "go-deadlock.", "go.uber.org/goleak",
	"github.com/petermattis/goid.", "github.com/stretchr/testify/"}

// harness reports whether f belongs to the harness: the engine's own code
// (its tests are code under test), the standard library and the runtime,
// the generated test main, or a detector's library.
func (f frame) harness() bool {
	path, _ := splitFunc(f.fn)
	switch {
	case f.engine(), f.file == "_testmain.go", path == "main", path == "":
		return true // path "": a function printed without its package, such as the runtime's panic
	case slices.ContainsFunc(libraries, func(p string) bool { return strings.HasPrefix(f.fn, p) }):
		return true
	case f.short:
		return stdPackage(path)
	}
	return stdPath(path, ownModules())
}

// engine reports whether f is a function of this package's own code; its
// tests are code under test like any other.
func (f frame) engine() bool {
	return (strings.HasPrefix(f.fn, enginePrefix) || strings.HasPrefix(f.fn, "conctest.")) &&
		!strings.HasSuffix(f.file, "_test.go")
}

// stdPath reports whether a package's import path is the standard
// library's. The go command reserves paths whose first element has no
// dot for it; package main, a test package and the packages of the
// modules in modules (whose paths may have no dot: "module myapp") are
// the exceptions. The function's path decides, not its file's: under
// -trimpath the standard library's files print as "sync/waitgroup.go",
// and GOROOT may be anywhere.
func stdPath(path string, modules []string) bool {
	first, _, _ := strings.Cut(path, "/")
	switch {
	case path == "" || strings.Contains(first, "."), path == "main", path == "command-line-arguments",
		strings.HasSuffix(path, "_test"):
		return false
	}
	return !slices.ContainsFunc(modules, func(m string) bool { return path == m || strings.HasPrefix(path, m+"/") })
}

// ownModules are the modules this binary was built from whose paths
// have no dot in their first element, which stdPath would otherwise
// take for the standard library's.
var ownModules = sync.OnceValue(func() []string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	var mods []string
	for _, m := range append([]*debug.Module{&info.Main}, info.Deps...) {
		if first, _, _ := strings.Cut(m.Path, "/"); m.Path != "" && !strings.Contains(first, ".") {
			mods = append(mods, m.Path)
		}
	}
	return mods
})

// stdPackage reports whether a package name, printed without its path as
// go-deadlock prints it, is one of the standard library's that show in
// the stacks it prints.
func stdPackage(name string) bool {
	switch name {
	case "runtime", "testing", "sync", "internal", "time", "os", "syscall", "reflect", "fmt", "io", "context":
		return true
	}
	return false
}

// splitFunc takes a function's name, as a stack prints it, apart: the
// import path of its package ("github.com/x/p", "sync"; go-deadlock
// prints only "p"), and its name in the package ("(*T).M", "F.func1").
// A name printed without a package, such as the runtime's "panic", has
// no path.
func splitFunc(fn string) (path, name string) {
	fn = dropTypeArgs(fn)
	head := fn
	if i := strings.IndexAny(head, "(["); i >= 0 {
		head = head[:i]
	}
	slash := strings.LastIndex(head, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return "", fn
	}
	return fn[:slash+1+dot], fn[slash+1+dot+1:]
}

// suspects returns the frames of the code under test in a finding's own
// evidence, in the order printed, and the harness frames it skipped.
func suspects(f Finding) (own, skipped []frame) {
	var all [][]frame
	switch f.Verdict {
	case Race:
		if f.Detector == Runtime { // the map check's crash: a dump
			all = goroutines(f.Evidence)
		} else {
			all = raceStacks(f.Evidence)
		}
	case LockOrder, Recursive, LockTimeout:
		all = append(deadlockStacks(f.Evidence), goroutines(f.Evidence)...)
	case Panic:
		// The goroutine that panicked, which the runtime prints first:
		// the others are only where the crash found them.
		all = goroutines(f.Evidence)
		all = all[:min(1, len(all))]
	case Leak:
		if f.Detector == LeakProfile {
			all = profileStacks(f.Evidence)
		} else {
			all = goroutines(f.Evidence)
		}
	default:
		all = goroutines(f.Evidence)
	}
	return split(all)
}

// split parts the frames of stacks into the code under test's, in the
// culprits' stacks, and the harness's.
func split(stacks [][]frame) (own, skipped []frame) {
	for _, stack := range stacks {
		if !culprit(stack) {
			skipped = append(skipped, stack...)
			continue
		}
		for _, fr := range stack {
			if fr.harness() {
				skipped = append(skipped, fr)
			} else {
				own = append(own, fr)
			}
		}
	}
	return own, skipped
}

// culprit reports whether a stack is the code under test's: it has a
// frame of the code under test, and no frame of the engine's drivers. The
// goroutines that run the engine (the test that waits for fn, the
// watchdog) are the harness's, whatever the test called before; the
// goroutine that runs fn starts below the engine's frames, not inside
// them.
//
// A test's own goroutine whose innermost frame outside the harness is
// the Test function itself is the harness's too: it waits for the proof
// it asked for (synctest.Test's wait shows no driver frame), while fn
// always runs in a closure or a function of its own.
//
// A test's goroutine waiting in t.Run for its subtest, where the proof
// runs, is the harness's too, whatever closure of the test it waits in.
func culprit(stack []frame) bool {
	i := slices.IndexFunc(stack, func(fr frame) bool { return !fr.harness() })
	return i >= 0 && !testFunc(stack[i].fn) && !slices.ContainsFunc(stack, frame.driver) &&
		!slices.ContainsFunc(stack[:i], func(fr frame) bool { return fr.fn == "testing.(*T).Run" })
}

// testFunc reports whether fn, as a stack prints it, is a top-level
// TestXxx function (not a closure inside one).
func testFunc(fn string) bool {
	_, name, ok := strings.Cut(fn[strings.LastIndex(fn, "/")+1:], ".")
	return ok && testName().MatchString(name)
}

var testName = lazyRegexp(`^Test([^a-z.][^.]*)?$`)

// underTest ranks a culprit's goroutine: 0 if its innermost frame outside
// the harness is in a file that is not a test's (the library code the
// goroutine is stuck in), else 1 (a workload in a test file, usually
// waiting for the goroutines that are stuck).
func underTest(stack []frame) int {
	i := slices.IndexFunc(stack, func(fr frame) bool { return !fr.harness() })
	if i >= 0 && !strings.HasSuffix(stack[i].file, "_test.go") {
		return 0
	}
	return 1
}

// drivers are the engine's functions that run a test's side of a proof.
var drivers = []string{"Prove", "ProveClean", "Diagnose", "Main", "runChild", "runPlain", "runBubble", "watch"}

// driver reports whether f is one of the engine's drivers (not a closure
// inside one: fn runs in those).
func (f frame) driver() bool {
	name, ok := strings.CutPrefix(f.fn, enginePrefix)
	if !ok {
		name, ok = strings.CutPrefix(f.fn, "conctest.")
	}
	return ok && f.engine() && slices.Contains(drivers, name)
}

// goroutines parses the goroutine stacks of a traceback or a goleak list.
// "created by" lines end a stack: they say who started it, not where it
// is.
func goroutines(ev string) [][]frame {
	var stacks [][]frame
	var cur []frame
	in := false
	lines := strings.Split(ev, "\n")
	for i, line := range lines {
		switch {
		case stackHeader.MatchString(line):
			if len(cur) > 0 {
				stacks = append(stacks, cur)
			}
			cur, in = nil, true
		case !in || line == "" || line == "]":
			if len(cur) > 0 {
				stacks = append(stacks, cur)
			}
			cur, in = nil, false
		case strings.HasPrefix(line, "created by "):
			in = false
		case !strings.HasPrefix(line, "\t") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t"):
			cur = append(cur, frame{fn: traceFunc(line), file: fileOf(lines[i+1])})
		}
	}
	if len(cur) > 0 {
		stacks = append(stacks, cur)
	}
	return stacks
}

// raceStacks parses the access stacks of a race report: "Read at ... by
// goroutine 7:" and "Previous write at ...", not "Goroutine 7 (running)
// created at:".
func raceStacks(ev string) [][]frame {
	var stacks [][]frame
	var cur []frame
	in := false
	lines := strings.Split(ev, "\n")
	for i, line := range lines {
		switch {
		case raceAccess.MatchString(line):
			cur, in = nil, true
		case strings.TrimSpace(line) == "":
			if in && len(cur) > 0 {
				stacks = append(stacks, cur)
			}
			cur, in = nil, false
		case in && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && i+1 < len(lines):
			cur = append(cur, frame{fn: traceFunc(strings.TrimSpace(line)), file: fileOf(lines[i+1])})
		}
	}
	if in && len(cur) > 0 {
		stacks = append(stacks, cur)
	}
	return stacks
}

// deadlockStacks parses go-deadlock's lock sites, one stack per
// blank-line-separated group. go-deadlock prints a site as "file.go:12
// pkg.Func { source } <<<<<", and as "file.go:12 pkg.Func ???" when it
// cannot read the source: under -trimpath, or on another machine than
// the one that built the binary.
func deadlockStacks(ev string) [][]frame {
	return lineStacks(ev, deadlockSite(), func(m []string) frame { return frame{fn: m[2], file: m[1], short: true} })
}

// profileStacks parses the goroutine leak profile's "#\t0x... fn+0x...
// file:line" lines, one stack per record.
func profileStacks(ev string) [][]frame {
	return lineStacks(ev, profileFrame(), func(m []string) frame { return frame{fn: m[1], file: m[2]} })
}

// lineStacks groups the runs of consecutive lines that match re, a frame
// each, into stacks.
func lineStacks(ev string, re *regexp.Regexp, frameOf func(match []string) frame) [][]frame {
	var stacks [][]frame
	var cur []frame
	for line := range strings.Lines(ev) {
		if m := re.FindStringSubmatch(line); m != nil {
			cur = append(cur, frameOf(m))
			continue
		}
		if len(cur) > 0 {
			stacks = append(stacks, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		stacks = append(stacks, cur)
	}
	return stacks
}

// traceFunc strips a traceback line's arguments: "p.f(0x1, ...)" is p.f.
func traceFunc(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
		return line[:i]
	}
	return line
}

// fileOf returns the file in a "\t/path/file.go:12 +0x3" line. The line
// number follows the last colon: a Windows path has one of its own
// ("C:/src/app/queue_test.go:31").
func fileOf(line string) string {
	f, _, _ := strings.Cut(strings.TrimSpace(line), " +0x")
	if i := strings.LastIndex(f, ":"); i >= 0 {
		return f[:i]
	}
	return f
}

// plainName is a function's name in its package as blames compare it:
// the receiver unwrapped, type arguments dropped, and a method value's
// wrapper taken for the method, so that "(*Counter[go.shape.int]).Inc",
// "(*Counter[...]).Inc-fm" and "Counter.Inc" are all "Counter.Inc".
func plainName(name string) string {
	name = strings.NewReplacer("(*", "", "(", "", ")", "").Replace(dropTypeArgs(name))
	return strings.ReplaceAll(name, "-fm", "")
}

// dropTypeArgs removes the type arguments from a name, "[go.shape.int]",
// "[...]" or "[K, V]", nested ones too: a bracket that follows a name.
func dropTypeArgs(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	depth := 0
	prev := ' '
	for _, r := range s {
		switch {
		case r == '[' && (depth > 0 || wordRune(prev)):
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// names reports whether a frame is the function blame names: the same
// function, or a closure or method inside it (blame "p.T" names p.T.M,
// blame "p.F" names p.F.func1), whatever its type arguments. A blame
// with an import path ("github.com/x/p.F") names only the function of
// the package at that path; one without, a function of any package of
// that name. go-deadlock prints no path, so its sites are matched by
// package name whatever the blame.
func names(fr frame, blame string) bool {
	fpath, _ := splitFunc(fr.fn)
	bpath, _ := splitFunc(blame)
	if strings.Contains(bpath, "/") && !fr.short {
		return fpath == bpath && sameName(fr, blame)
	}
	return sameName(fr, blame)
}

// sameName is names without the package's path: the same package name
// and the same function in it, or one inside it.
func sameName(fr frame, blame string) bool {
	fpath, fname := splitFunc(fr.fn)
	bpath, bname := splitFunc(blame)
	fname, bname = plainName(fname), plainName(bname)
	return pkgName(fpath) == pkgName(bpath) && (fname == bname || strings.HasPrefix(fname, bname+"."))
}

// pkgName is the last element of an import path.
func pkgName(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// namesFunction reports whether blame has the form of a function or type
// name, "pkg.Name", rather than a bare package name or a phrase.
func namesFunction(blame string) bool {
	path, name := splitFunc(blame)
	return path != "" && name != "" && !strings.ContainsAny(dropTypeArgs(blame), " \t")
}

// mentions reports whether ev names blame anywhere, as text or as a
// function in any of its forms: a frame of any goroutine's, where one
// was created, a goroutine's header.
func mentions(ev, blame string) bool {
	if strings.Contains(ev, blame) {
		return true
	}
	for _, field := range strings.Fields(dropTypeArgs(ev)) {
		// "p.(*T).M(0x1," is p.(*T).M: the arguments start at the first
		// parenthesis that opens no receiver.
		for i := range len(field) {
			if field[i] == '(' && !strings.HasPrefix(field[i:], "(*") {
				field = field[:i]
				break
			}
		}
		if names(frame{fn: field}, blame) {
			return true
		}
	}
	return false
}

// blamed reports whether finding f's own evidence names blame: a frame
// of the code under test in it, or, for Panic and Lost, its message.
func blamed(f Finding, blame string) bool {
	switch f.Verdict {
	case Panic:
		if slices.Contains(panicMessages(f.Evidence), blame) {
			return true
		}
	case Lost:
		if phraseOf(lostMessage(f.Evidence), blame) {
			return true
		}
	case Vet:
		if strings.Contains(f.Evidence, blame) {
			return true
		}
	}
	if !namesFunction(blame) {
		return false
	}
	own, _ := suspects(f)
	return slices.ContainsFunc(own, func(fr frame) bool { return names(fr, blame) })
}

// panicMessages returns what a Panic finding may be blamed as besides a
// frame: the message of each panic in its first lines (the text after
// "panic: " or "fatal error: ", without " [recovered]"; a panic raised
// while another ran prints both), and the part of each before its first
// ": ", which by Go's convention says what failed ("config" of "config:
// bad input"). A word or a fragment of a message is no evidence: "c" is
// in "close of closed channel", and in most panics.
func panicMessages(ev string) []string {
	head, _, _ := strings.Cut(ev, "\n\n")
	var msgs []string
	for line := range strings.Lines(head) {
		line = strings.TrimLeft(strings.TrimRight(line, "\r\n"), "\t")
		msg, ok := strings.CutPrefix(line, "panic: ")
		if !ok {
			msg, ok = strings.CutPrefix(line, "fatal error: ")
		}
		if !ok {
			continue
		}
		msg = recovered().ReplaceAllString(msg, "")
		msgs = append(msgs, msg)
		if prefix, _, ok := strings.Cut(msg, ": "); ok && prefix != "" {
			msgs = append(msgs, prefix)
		}
	}
	return msgs
}

// recovered is what the runtime appends to a panic that was recovered
// (and raised again, as the testing package does).
var recovered = lazyRegexp(` \[recovered(, repanicked)?\]$`)

// lostMessage is a Lost finding's message: the invariant's words, and
// the test's own failure messages after them, without the engine's
// marker.
func lostMessage(ev string) string { return strings.TrimPrefix(ev, lostLine) }

// phraseOf reports whether blame is a phrase of msg: a run of whole
// words of it, neither starting nor ending inside a word, so that "o"
// or "otal" is no evidence of "got total 1, want 2".
func phraseOf(msg, blame string) bool {
	if blame == "" {
		return false
	}
	for i := 0; i < len(msg); {
		j := strings.Index(msg[i:], blame)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(blame)
		if !joined(msg[:start], blame) && !joined(blame, msg[end:]) {
			return true
		}
		i = start + 1
	}
	return false
}

// joined reports whether a and b, one after the other, run on as one
// word: a ends and b starts with a letter, a digit or '_'.
func joined(a, b string) bool {
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	return a != "" && b != "" && wordRune(last) && wordRune(first)
}

func wordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// whereElse says where blame does appear when no finding of verdict want
// names it: a harness frame, another verdict's evidence, or nowhere.
func whereElse(r *Report, want Verdict, blame string) string {
	if !namesFunction(blame) && want != Panic && want != Lost {
		return fmt.Sprintf("%q names no function: a blame is the function the report must name, as pkg.Func or pkg.(*T).Method", blame)
	}
	for _, f := range r.Findings {
		if f.Verdict != want {
			continue
		}
		switch {
		case want == Panic && !namesFunction(blame):
			return fmt.Sprintf("%q names no function and is not the panic's message: a Panic blame is a function of the goroutine that panicked, or one of %q, the message whole or its part before the first \": \"", blame, panicMessages(f.Evidence))
		case want == Lost && strings.Contains(lostMessage(f.Evidence), blame):
			return fmt.Sprintf("%q is in the invariant's message only as part of a word: a Lost blame is a phrase of its whole words", blame)
		}
		own, skipped := suspects(f)
		if i := slices.IndexFunc(own, func(fr frame) bool { return sameName(fr, blame) }); i >= 0 {
			return fmt.Sprintf("%q names the frame %s, but its package path is another", blame, own[i].fn)
		}
		if i := slices.IndexFunc(skipped, func(fr frame) bool { return names(fr, blame) }); i >= 0 {
			return fmt.Sprintf("%q matches only the harness's frame %s, not the code under test's", blame, skipped[i].fn)
		}
		if want == Panic {
			if all := goroutines(f.Evidence); len(all) > 1 {
				if others, _ := split(all[1:]); slices.ContainsFunc(others, func(fr frame) bool { return names(fr, blame) }) {
					return fmt.Sprintf("%q is a frame of another goroutine in the dump, not of the one that panicked", blame)
				}
			}
		}
		if mentions(f.Evidence, blame) {
			return fmt.Sprintf("%q appears in the %s report, but not as a frame of the code under test (where a goroutine was created, a goroutine's header, an address or a path)", blame, want)
		}
	}
	for _, f := range r.Findings {
		if f.Verdict != want && blamed(f, blame) {
			return fmt.Sprintf("%q is named by the %s finding (%s), not by the %s one", blame, f.Verdict, f.Detector, want)
		}
	}
	return ""
}
