package svc

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Config is what the service reads from its config file.
type Config struct {
	Region string         `json:"region"`
	Limits map[string]int `json:"limits"`
}

// Store holds the current config and reloads it from its file. Readers
// never wait for a reload: each reload swaps in a whole new Config.
type Store struct {
	path string
	cur  atomic.Pointer[Config]
}

// Open reads the config file at path.
func Open(path string) (*Store, error) {
	s := &Store{path: path}
	c, err := readConfig(path)
	if err != nil {
		return nil, err
	}
	s.cur.Store(c)
	return s, nil
}

// NewStore holds c, with no file behind it: Reload keeps c.
func NewStore(c Config) *Store {
	s := &Store{}
	s.cur.Store(&c)
	return s
}

// Config returns the current config. Callers must not modify it.
func (s *Store) Config() *Config { return s.cur.Load() }

// Limit returns the limit named name, or def if the config has none.
func (s *Store) Limit(name string, def int) int {
	if v, ok := s.cur.Load().Limits[name]; ok {
		return v
	}
	return def
}

// Reload reads the file again. If the file cannot be read or parsed, the
// store keeps the config it had, and the failure is logged for on-call
// and returned.
func (s *Store) Reload() error {
	if s.path == "" {
		return nil
	}
	c, err := readConfig(s.path)
	if err != nil {
		Log.Printf("fatal error: config reload failed, keeping the previous config: %v", err)
		return err
	}
	s.cur.Store(c)
	return nil
}

func readConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if c.Region == "" {
		return nil, errors.New(path + ": no region")
	}
	return &c, nil
}

// ConfigEnv names the file the default store reads, if set.
const ConfigEnv = "SVC_CONFIG"

var defaultStore = sync.OnceValue(func() *Store {
	s := NewStore(Config{Region: "local", Limits: map[string]int{"workers": 4}})
	if path := os.Getenv(ConfigEnv); path != "" {
		if opened, err := Open(path); err == nil {
			s = opened
		} else {
			Log.Printf("config: %v; using the built-in defaults", err)
		}
	}
	// Picks up edits of the file without a restart. It runs as long as
	// the process does.
	StartJanitor(30*time.Second, func() { _ = s.Reload() })
	return s
})

// Default returns the process's config store, made on first use.
func Default() *Store { return defaultStore() }
