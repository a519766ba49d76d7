// The PIN and the answer lines: from the terminal, or from stdin with
// --pin-stdin.

package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"saldo/fints/secret"
)

// lineReader reads lines from stdin for the PIN and TAN answers.
type lineReader struct{ r *bufio.Reader }

func newLineReader(r io.Reader) *lineReader {
	if r == nil {
		r = strings.NewReader("")
	}
	return &lineReader{r: bufio.NewReader(r)}
}

func (l *lineReader) line() (string, error) {
	s, err := l.r.ReadString('\n')
	if err != nil && (err != io.EOF || s == "") {
		if err == io.EOF {
			return "", errors.New("stdin ended before the answer was given")
		}
		return "", err
	}
	return strings.TrimRight(s, "\r\n"), nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func readPIN(env *Env, in *lineReader, fromStdin bool, user string) (secret.Value, error) {
	if !fromStdin {
		f, ok := env.Stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return secret.Value{}, fmt.Errorf("%w: no terminal to ask for the PIN; pass it on stdin with --pin-stdin", ErrUsage)
		}
		fmt.Fprintf(env.Stderr, "PIN for %s: ", user)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return secret.Value{}, fmt.Errorf("reading the PIN: %w", err)
		}
		blank := strings.TrimSpace(string(b)) == ""
		v := secret.New(string(b))
		clear(b)
		if blank {
			return secret.Value{}, errors.New("no PIN entered; nothing was sent to the bank")
		}
		return v, nil
	}
	s, err := in.line()
	if err != nil {
		return secret.Value{}, fmt.Errorf("reading the PIN: %w (with --pin-stdin the first line of stdin is the PIN)", err)
	}
	if strings.TrimSpace(s) == "" {
		// Sent, it would count as a wrong attempt towards the bank's lock.
		return secret.Value{}, errors.New("the first line of stdin (the PIN) is empty; nothing was sent to the bank")
	}
	return secret.New(s), nil
}
