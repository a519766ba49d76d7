package demobank

import (
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"saldo/fints/wire"
)

// maxRequestBytes bounds a request body (base64). Customer messages are
// small; the largest are payments with a pain.001 document.
const maxRequestBytes = 4 << 20

// serveHTTP is the FinTS HTTP transport: one message per POST, base64 in
// both directions (§2.1). Every readable request gets HTTP 200 with a
// FinTS answer, errors included, as real banks do.
func (b *Bank) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "FinTS expects one base64-encoded message per POST request", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if err != nil {
		http.Error(w, "reading the request failed", http.StatusBadRequest)
		return
	}
	if len(body) > maxRequestBytes {
		http.Error(w, fmt.Sprintf("request larger than %d bytes", maxRequestBytes), http.StatusRequestEntityTooLarge)
		return
	}
	b.requests.Add(1)
	f := b.takeTransportFaults()
	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f.drop {
		b.log.Info("demobank: fault: dropping the connection before processing")
		hangUp(w)
		return
	}
	var answer []byte
	raw, err := wire.DecodeBase64(body)
	if err != nil {
		answer = b.abortBytes(nil, rc("9110", "Nachricht ist nicht base64-kodiert."))
	} else {
		answer = b.process(raw, requestURL(r))
	}
	if f.dropAfter || answer == nil {
		b.log.Info("demobank: fault: dropping the connection after processing")
		hangUp(w)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=us-ascii")
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(answer)))
	base64.StdEncoding.Encode(enc, answer)
	// A client that went away gets nothing either way.
	_, _ = w.Write(enc)
}

// hangUp closes the client's connection without an answer.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// Without hijacking (HTTP/2), abort the handler: net/http resets the
	// stream instead of sending a response.
	panic(http.ErrAbortHandler)
}

// requestURL is the address the client used, announced in HIKOM so it
// names this server whichever port or path it was mounted on. Some
// clients leave the port out of the Host header (gwenhywfar, under
// AqBanking, sends "Host:127.0.0.1" to 127.0.0.1:PORT); the port the
// connection came in on is added then, or HIKOM would name port 80.
func requestURL(r *http.Request) string {
	scheme, defaultPort := "http", "80"
	if r.TLS != nil {
		scheme, defaultPort = "https", "443"
	}
	host := r.Host
	if _, _, err := net.SplitHostPort(host); err != nil && host != "" {
		if local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			if _, port, err := net.SplitHostPort(local.String()); err == nil && port != defaultPort {
				host = net.JoinHostPort(strings.Trim(host, "[]"), port)
			}
		}
	}
	return scheme + "://" + host + r.URL.Path
}
