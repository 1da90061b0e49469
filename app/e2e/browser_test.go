package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium process; each journey opens a tab in a browser context of
// its own (fresh cookies and storage, like a new incognito window).
type browser struct {
	ctx    context.Context
	cancel func()
}

// startBrowser starts Chromium with flags that keep it off the network: this machine has none,
// and a browser that phones home is slow to start and noisy.
func startBrowser(path, profile string) (*browser, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,BackForwardCache"),
		// Any host name but the loopback address fails at once instead of waiting on DNS.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		// Date inputs take what a user types in the order of the browser's language.
		chromedp.Flag("lang", "en-US"),
		chromedp.Env("LANG=en_US.UTF-8"),
		chromedp.WindowSize(int(desktop.width), int(desktop.height)),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &browser{ctx: ctx, cancel: func() { cancelCtx(); cancelAlloc() }}
	if err := firstRun(ctx, cancelCtx, 60*time.Second); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// firstRun starts the browser or tab of ctx. That first call must not run on a context with a
// timeout (the browser or tab would live only as long as it), so the deadline cancels ctx itself.
func firstRun(ctx context.Context, cancel func(), timeout time.Duration) error {
	timer := time.AfterFunc(timeout, cancel)
	defer timer.Stop()
	if err := chromedp.Do(ctx); err != nil {
		return fmt.Errorf("start within %s: %w", timeout, err)
	}
	return nil
}

func (b *browser) close() { b.cancel() }

// cspReporter runs in every document before the page's own scripts (and outside the reach of
// its Content-Security-Policy) and turns each violation into a console error.
const cspReporter = `document.addEventListener('securitypolicyviolation', e =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline code') +
    ' in ' + e.sourceFile + ':' + e.lineNumber));`

// newTab opens a tab in a new browser context and starts collecting its console.
func (b *browser) newTab() (context.Context, func(), *consoleLog, error) {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	if err := firstRun(ctx, cancel, 30*time.Second); err != nil {
		cancel()
		return nil, nil, nil, err
	}
	startCtx, cancelStart := context.WithTimeout(ctx, 30*time.Second)
	defer cancelStart()
	log := &consoleLog{}
	log.cond = sync.NewCond(&log.mu)
	messages := chromedp.Console(ctx)
	go log.collect(messages)
	_, err := chromedp.Call(startCtx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: cspReporter})
	if err == nil {
		err = chromedp.Do(startCtx, setViewport(desktop))
	}
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return ctx, cancel, log, nil
}

// consoleLog keeps every console message, browser log entry and uncaught exception of a tab.
type consoleLog struct {
	mu       sync.Mutex
	cond     *sync.Cond
	messages []chromedp.ConsoleMessage
	done     bool
	marks    int
}

func (l *consoleLog) collect(messages func(func(chromedp.ConsoleMessage, error) bool)) {
	for m, err := range messages {
		if err != nil {
			break
		}
		l.mu.Lock()
		l.messages = append(l.messages, m)
		l.cond.Broadcast()
		l.mu.Unlock()
	}
	l.mu.Lock()
	l.done = true
	l.cond.Broadcast()
	l.mu.Unlock()
}

// flush writes a marker to the console and waits until the collector has seen it: the console
// keeps the order of the messages, so every earlier message has been seen too. It returns the
// messages since the previous flush.
func (l *consoleLog) flush(ctx context.Context, from *int) ([]chromedp.ConsoleMessage, error) {
	l.mu.Lock()
	l.marks++
	mark := fmt.Sprintf("e2e-flush-%d", l.marks)
	l.mu.Unlock()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf("console.debug(%q)", mark))); err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() {
		l.mu.Lock()
		l.cond.Broadcast()
		l.mu.Unlock()
	})
	defer stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for i := *from; i < len(l.messages); i++ {
			if l.messages[i].Text == mark {
				got := append([]chromedp.ConsoleMessage(nil), l.messages[*from:i]...)
				*from = i + 1
				return got, nil
			}
		}
		if l.done || ctx.Err() != nil {
			return nil, fmt.Errorf("console marker %s never arrived", mark)
		}
		l.cond.Wait()
	}
}

// problem reports whether a console message means the page is broken: an error, an uncaught
// exception, or anything the browser's security layer (CSP, mixed content) said.
func problem(m chromedp.ConsoleMessage) bool {
	return m.Type == chromedp.ConsoleError || m.IsException() || strings.EqualFold(m.Source, "security")
}

// describeMessage prints a console message with where it came from.
func describeMessage(m chromedp.ConsoleMessage) string {
	s := m.String()
	if m.Source != "" {
		s = "[" + m.Source + "] " + s
	}
	if m.URL != "" {
		s += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
	}
	return s
}
