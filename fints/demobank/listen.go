package demobank

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Start serves the bank on a free port of 127.0.0.1 until ctx ends or
// Close is called, and returns its URL. It returns "" if no port could be
// opened; Err says why.
func (b *Bank) Start(ctx context.Context) string {
	u, err := b.Listen(ctx, "127.0.0.1:0")
	if err != nil {
		b.log.Error("demobank: cannot listen", "err", err)
		return ""
	}
	return u
}

// Listen serves the bank on addr, which must be a loopback address (the
// demo bank sends its PINs in the clear and has no TLS), until ctx ends
// or Close is called. It returns the URL to give clients.
func (b *Bank) Listen(ctx context.Context, addr string) (string, error) {
	if err := CheckLoopback(addr); err != nil {
		return "", err
	}
	b.srvMu.Lock()
	defer b.srvMu.Unlock()
	if b.srv != nil {
		return "", errors.New("demobank: already serving at " + b.url)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		b.srvErr = fmt.Errorf("demobank: listening on %s: %w", addr, err)
		return "", b.srvErr
	}
	b.srv = &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 10 * time.Second}
	b.url = "http://" + ln.Addr().String() + "/fints"
	srv := b.srv
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			b.log.Error("demobank: server stopped", "err", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			b.Close()
		case <-b.done(srv):
		}
	}()
	return b.url, nil
}

// done returns a channel closed when srv shuts down.
func (b *Bank) done(srv *http.Server) <-chan struct{} {
	ch := make(chan struct{})
	srv.RegisterOnShutdown(func() { close(ch) })
	return ch
}

// Err returns why Start failed, if it did.
func (b *Bank) Err() error {
	b.srvMu.Lock()
	defer b.srvMu.Unlock()
	return b.srvErr
}

// URL returns the address Start or Listen serves on ("" before).
func (b *Bank) URL() string {
	b.srvMu.Lock()
	defer b.srvMu.Unlock()
	return b.url
}

// Close stops serving. Open dialogs are forgotten with the server.
func (b *Bank) Close() error {
	b.srvMu.Lock()
	srv := b.srv
	b.srv = nil
	b.srvMu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("demobank: shutting down: %w", err)
	}
	return nil
}

// CheckLoopback refuses listen addresses that are not on the loopback
// interface: the demo bank has no TLS and publishes its PINs.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("demobank: listen address %q: want HOST:PORT, e.g. 127.0.0.1:3000: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("demobank: listen address %q is not a loopback address; the demo bank serves plain HTTP with published PINs, so it only listens on 127.0.0.1, ::1 or localhost", addr)
	}
	return nil
}
