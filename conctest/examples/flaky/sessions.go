package flaky

import (
	"fmt"
	"sync"
	"time"
)

// sessions maps session IDs to users until each session expires. Sweep,
// the writer, drops expired sessions.
type sessions struct {
	mu   sync.RWMutex
	byID map[string]session
}

type session struct {
	user    string
	expires time.Time
}

func (s *sessions) Login(id, user string, ttl time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]session{}
	}
	s.byID[id] = session{user, time.Now().Add(ttl)}
}

func (s *sessions) Sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, se := range s.byID {
		if time.Now().After(se.expires) {
			delete(s.byID, id)
		}
	}
}

// Len returns how many sessions there are.
func (s *sessions) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.byID)
}

// NestedRLock is a session store whose User, holding the read lock, calls
// Len for its error message.
//
// Broken: RWMutex lets no new reader in once a writer waits, so a Sweep
// that comes between User's two RLocks waits for the first, and the
// second waits for Sweep: neither returns. Only an expired session takes
// that path, so the nested RLock runs in few calls, and the deadlock in
// fewer. go-deadlock reports the recursive read lock every time it runs.
type NestedRLock struct{ sessions }

func (s *NestedRLock) User(id string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	se, ok := s.byID[id]
	if !ok || time.Now().After(se.expires) {
		return "", fmt.Errorf("session %s expired (%d active)", id, s.Len()) // Len read-locks again
	}
	return se.user, nil
}

// LenLocked is a session store whose User counts the sessions itself: it
// holds the lock already.
//
// Fixed: each call takes the read lock once, so a waiting writer waits
// only for User to return. Clean under every detector.
type LenLocked struct{ sessions }

func (s *LenLocked) User(id string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	se, ok := s.byID[id]
	if !ok || time.Now().After(se.expires) {
		return "", fmt.Errorf("session %s expired (%d active)", id, len(s.byID)) // the lock is held
	}
	return se.user, nil
}
