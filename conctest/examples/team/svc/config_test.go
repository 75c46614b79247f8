package svc_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"example.com/team/svc"
	"github.com/racelab/racelab/conctest"
)

// writeConfig writes a config file in a new temporary directory.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpen(t *testing.T) {
	tests := []struct {
		name, body string
		wantErr    bool
	}{
		{"ok", `{"region": "eu-west-1", "limits": {"workers": 8}}`, false},
		{"no region", `{"limits": {"workers": 8}}`, true},
		{"not json", `region: eu-west-1`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := svc.Open(writeConfig(t, tc.body))
			if (err != nil) != tc.wantErr {
				t.Errorf("Open: %v, want an error: %v", err, tc.wantErr)
			}
		})
	}
}

func TestReloadKeepsConfigOnBadFile(t *testing.T) {
	path := writeConfig(t, `{"region": "eu-west-1"}`)
	s, err := svc.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err == nil {
		t.Error("Reload of a broken file: no error")
	}
	if got := s.Config().Region; got != "eu-west-1" {
		t.Errorf("region after a failed reload: %q", got)
	}
}

// reloadWhileServing has requests read the limits while the file is
// reloaded, and checks that every read sees a whole config.
func reloadWhileServing() error {
	dir, err := os.MkdirTemp("", "reload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(`{"region": "a", "limits": {"workers": 1}}`), 0o644); err != nil {
		return err
	}
	s, err := svc.Open(path)
	if err != nil {
		return err
	}
	var reloads sync.WaitGroup
	reloads.Go(func() {
		for i := range 5 {
			body := fmt.Sprintf(`{"region": "a", "limits": {"workers": %d}}`, i+2)
			if os.WriteFile(path, []byte(body), 0o644) == nil {
				_ = s.Reload() // a failed reload keeps the config, and is logged
			}
		}
	})
	err = conctest.Together(4, func(int) error {
		for range 20 {
			if c := s.Config(); c.Region != "a" || c.Limits["workers"] == 0 {
				return fmt.Errorf("a request saw a partial config: %+v", c)
			}
		}
		return nil
	})
	reloads.Wait()
	log.Printf("reload test: final workers=%d", s.Limit("workers", 0))
	return err
}

func TestReloadWhileServing(t *testing.T) {
	conctest.ProveClean(t, reloadWhileServing)
}

// The config next to the tests is read from the working directory, as
// the service reads its own in production.
func TestLoadFromTestdata(t *testing.T) {
	t.Chdir("testdata")
	conctest.ProveClean(t, func() error {
		s, err := svc.Open("config.json")
		if err != nil {
			return err
		}
		return conctest.Together(2, func(int) error {
			if got := s.Limit("workers", 0); got != 8 {
				return fmt.Errorf("workers = %d, want 8", got)
			}
			return s.Reload()
		})
	})
}

func TestDefaultStore(t *testing.T) {
	if got := svc.Default().Limit("workers", 0); got == 0 {
		t.Errorf("the default store has no worker limit")
	}
}

// The default store starts its janitor on first use; TestMain tells
// goleak about it.
func TestDefaultStoreUnderLoad(t *testing.T) {
	conctest.ProveClean(t, func() error {
		return conctest.Together(2, func(int) error {
			if svc.Default().Config().Region == "" {
				return errors.New("the default store has no region")
			}
			return nil
		})
	})
}

// CI runs the race detector with a longer history, and GODEBUG as
// production has it; the proofs must run the way the rest of the suite
// does.
func TestProofsRunWithCISettings(t *testing.T) {
	want := map[string]string{"GORACE": "history_size=7", "GODEBUG": "asyncpreemptoff=1"}
	for env, setting := range want {
		if !strings.Contains(os.Getenv(env), setting) {
			t.Skipf("CI sets %s=%s; this run does not", env, setting)
		}
	}
	conctest.ProveClean(t, func() error {
		var errs []error
		for env, setting := range want {
			if got := os.Getenv(env); !strings.Contains(got, setting) {
				errs = append(errs, fmt.Errorf("%s=%q, want %s in it", env, got, setting))
			}
		}
		return errors.Join(errs...)
	})
}
