package demobank

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRequestURL: HIKOM names the address the client reached, also when
// its Host header leaves the port out (gwenhywfar sends "Host:127.0.0.1"
// to 127.0.0.1:PORT, found by the AqBanking interop test).
func TestRequestURL(t *testing.T) {
	cases := []struct {
		name  string
		host  string
		local string // address the connection came in on; "" = unknown
		tls   bool
		want  string
	}{
		{name: "host with port", host: "127.0.0.1:38080", local: "127.0.0.1:38080", want: "http://127.0.0.1:38080/fints"},
		{name: "host without port (gwenhywfar)", host: "127.0.0.1", local: "127.0.0.1:38080", want: "http://127.0.0.1:38080/fints"},
		{name: "name without port", host: "localhost", local: "127.0.0.1:38080", want: "http://localhost:38080/fints"},
		{name: "IPv6 without port", host: "[::1]", local: "[::1]:38080", want: "http://[::1]:38080/fints"},
		{name: "default port stays implicit", host: "127.0.0.1", local: "127.0.0.1:80", want: "http://127.0.0.1/fints"},
		{name: "https default port", host: "bank.example", local: "127.0.0.1:443", tls: true, want: "https://bank.example/fints"},
		{name: "https other port", host: "bank.example", local: "127.0.0.1:8443", tls: true, want: "https://bank.example:8443/fints"},
		{name: "no local address known", host: "127.0.0.1", want: "http://127.0.0.1/fints"},
		{name: "the client's port wins", host: "127.0.0.1:1234", local: "127.0.0.1:38080", want: "http://127.0.0.1:1234/fints"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/fints", nil)
			r.Host = tc.host
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tc.local != "" {
				addr, err := net.ResolveTCPAddr("tcp", tc.local)
				if err != nil {
					t.Fatal(err)
				}
				r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, addr))
			}
			if got := requestURL(r); got != tc.want {
				t.Errorf("requestURL = %q, want %q", got, tc.want)
			}
		})
	}
}
