// Package capture is about what a goroutine's closure captures: a
// closure refers to the variables it names, not to their values, so a
// goroutine started in a loop or a function reads and writes the very
// variables its starter goes on using.
//
// It is a lesson package of its own, not a part of locks or prodcons,
// because no Python threading idiom stands behind most of it: closures
// and what they capture are Go's own idea here. The one counterpart is
// Python's late binding, the Python FAQ's "Why do lambdas defined in a
// loop with different values all return the same result?": a lambda made
// in a loop reads the loop's one variable when it is called, as a Go
// closure did in every loop before Go 1.22.
//
// Reading order:
//
//  1. loopvar.go: goroutines started in a loop whose variable is one for
//     the whole loop, as in a file whose Go version is older than 1.22
//     (this one has a //go:build go1.21 line): [OneVarPerLoop], which go
//     vet misses, and testdata/loopclosure, the same loop in the shape
//     vet's loopclosure reports; the value passed as an argument
//     ([ValueAsArgument]), Python's lambda x=x.
//  2. periteration.go: the same code in a Go 1.22 file, where each
//     iteration has its own variable ([OneVarPerIteration]).
//  3. sharederr.go: one err written by every goroutine ([SharedErr]); a
//     slot per goroutine ([ErrPerGoroutine]) and errgroup ([ErrGroup]).
//  4. namedresult.go: a goroutine that writes its caller's named results
//     after the caller has timed out ([NamedResult]); variables of the
//     goroutine's own ([WorkerLocals]).
//  5. fatal.go: t.Fatal in a goroutine a test helper started
//     ([FatalInHelper]), which ends that goroutine, not the test, and
//     testdata/fatalgoroutine, the shape go vet and staticcheck report;
//     t.Error then FailNow on the test's goroutine ([ErrorThenFailNow]),
//     and errors sent back to it ([ErrsToCaller]).
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it. The code is plain Go, as it
// would ship. No lesson here marks an interleaving point: each bug shows
// on every run. The workloads that drive the variants live in
// internal/capturetest, out of this package's API.
package capture
