package sessions

import (
	"context"
	"sync"
)

// keyedLocks serialises the requests of one session within this process, from loading the
// session to saving it, so that concurrent requests never lose each other's changes (64
// simultaneous visits count 64). An entry lives only while a request holds or awaits it, so the
// map is as large as the number of sessions with requests in flight.
type keyedLocks struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	held chan struct{} // a one-slot semaphore: waiting on it heeds the request's context
	refs int
}

// lock waits for the session id's lock until ctx ends; unlock releases it.
func (l *keyedLocks) lock(ctx context.Context, id string) (unlock func(), err error) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*keyLock{}
	}
	k := l.m[id]
	if k == nil {
		k = &keyLock{held: make(chan struct{}, 1)}
		l.m[id] = k
	}
	k.refs++
	l.mu.Unlock()
	select {
	case k.held <- struct{}{}:
		return func() { <-k.held; l.release(id, k) }, nil
	case <-ctx.Done():
		l.release(id, k)
		return nil, ctx.Err()
	}
}

func (l *keyedLocks) release(id string, k *keyLock) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if k.refs--; k.refs == 0 {
		delete(l.m, id)
	}
}

// size returns the number of session ids with a request holding or awaiting their lock.
func (l *keyedLocks) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}
