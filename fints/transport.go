package fints

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"saldo/fints/wire"
)

// maxAnswer bounds a bank answer (base64) so a broken server cannot make us
// allocate without limit; the largest real answers (statement pages) are a
// few megabytes.
const maxAnswer = 64 << 20

// TransportError is a failure to exchange a message with the bank. Sent
// tells whether the request may have reached the bank: for a payment that
// decides between "not sent" and "outcome unknown".
type TransportError struct {
	Sent bool
	Err  error
}

func (e *TransportError) Error() string {
	var hs *httpStatusError
	var nf *notFinTSError
	if errors.As(e.Err, &hs) || errors.As(e.Err, &nf) {
		return e.Err.Error() // an answer, only not a FinTS one
	}
	if e.Sent {
		return fmt.Sprintf("no answer from the bank after sending: %v", e.Err)
	}
	return fmt.Sprintf("could not reach the bank: %v", e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// transport posts base64 FinTS messages over HTTP(S).
type transport struct {
	url      string
	client   *http.Client
	timeout  time.Duration
	requests atomic.Int64
	trace    *tracer
}

// checkURL accepts https anywhere and plain http only for loopback hosts,
// because FinTS PIN/TAN relies on TLS for confidentiality.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: bank URL %q is not an absolute URL like https://fints.example.de/fints", ErrConfig, raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u, nil
	case "http":
		if isLoopback(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("%w: bank URL %q uses plain http to a non-loopback host; FinTS needs https (plain http is allowed only for 127.0.0.1, ::1 and localhost, e.g. the demo bank)", ErrConfig, raw)
	}
	return nil, fmt.Errorf("%w: bank URL %q: scheme %q not supported, use https", ErrConfig, raw, u.Scheme)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newTransport(cfg *Config, tr *tracer) (*transport, error) {
	u, err := checkURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
		hc = &http.Client{Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         d.DialContext,
			TLSHandshakeTimeout: cfg.ConnectTimeout,
			ForceAttemptHTTP2:   true,
			MaxIdleConns:        4,
			IdleConnTimeout:     90 * time.Second,
		}}
	}
	// Redirects would re-send the message (and its PIN) to another place.
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &transport{url: u.String(), client: &c, timeout: cfg.ResponseTimeout, trace: tr}, nil
}

// exchange sends one message and returns the parsed answer.
func (t *transport) exchange(ctx context.Context, out *wire.Outgoing) (*wire.Response, error) {
	raw, err := out.Bytes()
	if err != nil {
		return nil, &TransportError{Err: fmt.Errorf("encoding the message: %w", err)}
	}
	body := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
	base64.StdEncoding.Encode(body, raw)
	clear(raw) // it held the PIN
	defer clear(body)
	t.trace.outgoing(out)

	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return nil, &TransportError{Err: err}
	}
	req.Header.Set("Content-Type", "text/plain")
	t.requests.Add(1)
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, &TransportError{Sent: wrote.Load(), Err: describeNetError(scrubURLError(err))}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return nil, &TransportError{Sent: true, Err: &httpStatusError{url: t.url, status: resp.Status, code: resp.StatusCode, location: resp.Header.Get("Location")}}
	}
	enc, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return nil, &TransportError{Sent: true, Err: fmt.Errorf("reading the answer: %w", scrubURLError(err))}
	}
	if len(enc) > maxAnswer {
		return nil, &TransportError{Sent: true, Err: fmt.Errorf("answer larger than %d MiB", maxAnswer>>20)}
	}
	msg, err := wire.DecodeBase64(enc)
	if err != nil {
		return nil, &TransportError{Sent: true, Err: &notFinTSError{url: t.url, err: fmt.Errorf("answer body: %w", err)}}
	}
	r, err := wire.ParseResponse(msg)
	if err != nil {
		t.trace.raw("unparseable answer", msg)
		return nil, &TransportError{Sent: true, Err: &notFinTSError{url: t.url, err: err}}
	}
	t.trace.incoming(r)
	return r, nil
}

// scrubURLError keeps the cause but not the *url.Error wrapper, whose
// text repeats the URL for every failure.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("timed out: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}
