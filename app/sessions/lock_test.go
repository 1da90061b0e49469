package sessions

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestKeyedLocksSerialiseOneKeyAndForgetIdleKeys(t *testing.T) {
	var l keyedLocks
	var wg sync.WaitGroup
	var counts [3]int
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := l.lock(context.Background(), []string{"a", "b", "c"}[i%3])
			if err != nil {
				t.Error(err)
				return
			}
			counts[i%3]++ // guarded by the key's lock alone: the race detector checks it
			unlock()
		}()
	}
	wg.Wait()
	if counts[0]+counts[1]+counts[2] != 200 {
		t.Errorf("counts %v, want 200 in all", counts)
	}
	if n := l.size(); n != 0 {
		t.Errorf("%d keys kept after every lock was released", n)
	}
}

func TestKeyedLockWaitEndsWithTheContext(t *testing.T) {
	var l keyedLocks
	unlock, err := l.lock(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.lock(ctx, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting on a held lock past the deadline: %v", err)
	}
	unlock()
	if n := l.size(); n != 0 {
		t.Errorf("%d keys kept after the waiter gave up and the holder released", n)
	}
}
