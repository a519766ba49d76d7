package fints

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
)

// Transport failures worded for the person at the screen: what happened
// at the bank's address and what to check, instead of Go's "dial tcp …:
// connect: connection refused". The cause stays in the chain for
// errors.Is/As.

// netError is a described network failure.
type netError struct {
	msg string
	err error
}

func (e *netError) Error() string { return e.msg }
func (e *netError) Unwrap() error { return e.err }

// describeNetError words a failure of http.Client.Do (after scrubURLError).
func describeNetError(err error) error {
	var (
		dns  *net.DNSError
		cert *tls.CertificateVerificationError
		uae  x509.UnknownAuthorityError
		hne  x509.HostnameError
		cie  x509.CertificateInvalidError
		rhe  tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return &netError{"no answer in time (the bank's server or the network is slow or down; try again later)", err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &netError{"connection refused: no server listens at this address and port (check the address)", err}
	case errors.As(err, &dns) && dns.IsNotFound:
		return &netError{fmt.Sprintf("the host name %q does not exist (check the address)", dns.Name), err}
	case errors.As(err, &dns):
		return &netError{fmt.Sprintf("looking up the host name %q failed (check the network connection)", dns.Name), err}
	case errors.As(err, &rhe), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return &netError{"the server at this address does not speak https (is the address right?)", err}
	case errors.As(err, &cert), errors.As(err, &uae), errors.As(err, &hne), errors.As(err, &cie):
		return &netError{fmt.Sprintf("the server's TLS certificate is not trusted, so nothing was sent (%v)", err), err}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &netError{"the server closed the connection without an answer", err}
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return &netError{"the network or host is unreachable (check the network connection)", err}
	}
	return err
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// httpStatusError is an HTTP answer other than 200: not a FinTS answer.
type httpStatusError struct {
	url      string
	status   string
	code     int
	location string // of a redirect
}

func (e *httpStatusError) Error() string {
	s := fmt.Sprintf("the server at %s answered HTTP %s instead of a FinTS message", e.url, e.status)
	switch {
	case e.code >= 300 && e.code < 400 && e.location != "":
		return s + fmt.Sprintf(": it points to %s; saldo does not follow redirects (they would send the PIN elsewhere): check the bank's FinTS address", e.location)
	case e.code >= 500 && e.code != http.StatusNotImplemented:
		return s + ": the bank's server has a problem; try again later"
	}
	return s + ": is this the bank's FinTS address?"
}

// notFinTSError is a 200 answer whose body is not a FinTS message (a web
// page, a proxy's notice).
type notFinTSError struct {
	url string
	err error
}

func (e *notFinTSError) Error() string {
	return fmt.Sprintf("the server at %s did not answer with a FinTS message (%v); check that it is the bank's FinTS address", e.url, e.err)
}

func (e *notFinTSError) Unwrap() error { return e.err }
