package conctest

import (
	"os"
	"os/exec"
	"testing"
)

// The package and its tests build and vet for the systems its users'
// CI runs on, not only this one: Unix-only calls in a test once broke
// GOOS=windows go vet.
func TestVetOnOtherSystems(t *testing.T) {
	if inChild() {
		return
	}
	if testing.Short() {
		t.Skip("cross-compiles the package twice: skipped with -short")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	for _, goos := range []string{"windows", "darwin"} {
		cmd := exec.Command(gocmd, "vet", ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOOS=%s go vet: %v, want no error\n%s", goos, err, out)
		}
	}
}
