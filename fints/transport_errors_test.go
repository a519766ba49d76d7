package fints

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
)

// TestTransportErrorWording: failures at the bank's address read as what
// happened and what to check, keep the cause for errors.Is, and never
// carry Go's "dial tcp" wording.
func TestTransportErrorWording(t *testing.T) {
	// A port nobody listens on: listen, note the address, close.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/fints"
	l.Close()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "ok", http.StatusOK)
	}))
	defer plain.Close()

	tests := []struct {
		name    string
		url     string
		handler http.HandlerFunc
		sent    bool
		want    []string
		is      error
	}{
		{name: "refused", url: closed, want: []string{"could not reach the bank", "connection refused", "check the address"}, is: syscall.ECONNREFUSED},
		{name: "not found", handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
			sent: true, want: []string{"answered HTTP 404 Not Found instead of a FinTS message", "is this the bank's FinTS address?"}},
		{name: "GET-only server", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Unsupported method ('POST')", http.StatusNotImplemented)
		}, sent: true, want: []string{"HTTP 501", "is this the bank's FinTS address?"}},
		{name: "down", handler: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "x", http.StatusServiceUnavailable) },
			sent: true, want: []string{"HTTP 503", "try again later"}},
		{name: "redirect", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example/fints", http.StatusMovedPermanently)
		}, sent: true, want: []string{"HTTP 301", "points to https://elsewhere.example/fints", "does not follow redirects"}},
		{name: "web page", handler: func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>Welcome to nginx!</html>")) },
			sent: true, want: []string{"did not answer with a FinTS message", "not base64", "check that it is the bank's FinTS address"}},
		{name: "https to plain http", url: strings.Replace(plain.URL, "http://", "https://", 1),
			want: []string{"could not reach the bank", "does not speak https"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := tt.url
			if tt.handler != nil {
				srv := httptest.NewServer(tt.handler)
				defer srv.Close()
				url = srv.URL + "/fints"
			}
			cfg := Config{URL: url, BankCode: "1", UserID: "u"}
			cfg.normalise()
			tr, err := newTransport(&cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tr.exchange(context.Background(), guideMessage(t, "1234"))
			var te *TransportError
			if !errors.As(err, &te) || te.Sent != tt.sent {
				t.Fatalf("err = %v, want a TransportError with Sent=%v", err, tt.sent)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
			for _, bad := range []string{"dial tcp", "1234", "tls: "} {
				if strings.Contains(msg, bad) {
					t.Errorf("%q contains %q", msg, bad)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
		})
	}
}
