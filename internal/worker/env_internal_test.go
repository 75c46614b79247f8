package worker

import (
	"slices"
	"strings"
	"testing"
)

// A worker runs without the race detector's one-second sleep at exit,
// whatever GORACE the parent has, and without the parent's own spec.
func TestWorkerEnv(t *testing.T) {
	t.Setenv("GORACE", "halt_on_error=1")
	t.Setenv(workerVar, "stale")
	var gorace, specs []string
	for _, kv := range workerEnv(`{"Role":"inc"}`) {
		switch k, v, _ := strings.Cut(kv, "="); k {
		case "GORACE":
			gorace = append(gorace, v)
		case workerVar:
			specs = append(specs, v)
		}
	}
	if !slices.Equal(gorace, []string{"atexit_sleep_ms=0"}) || !slices.Equal(specs, []string{`{"Role":"inc"}`}) {
		t.Errorf("workerEnv: GORACE %q and %s %q, want only atexit_sleep_ms=0 and the new spec", gorace, workerVar, specs)
	}
}
