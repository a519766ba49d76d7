// Vault passphrases: typed at the terminal, or read line by line from
// --passphrase-fd or a non-terminal stdin.

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

// passSource hands out passphrases: from the terminal with prompts, or
// line by line from a descriptor or non-terminal stdin.
type passSource struct {
	env   *Env
	tty   *os.File      // set when prompting interactively
	lines *bufio.Reader // set otherwise
}

func (f *vaultFlags) source(env *Env) (*passSource, error) {
	if f.passFD >= 0 {
		file := os.NewFile(uintptr(f.passFD), "passphrase-fd")
		if file == nil {
			return nil, fmt.Errorf("--passphrase-fd %d is not an open file descriptor", f.passFD)
		}
		return &passSource{env: env, lines: bufio.NewReader(file)}, nil
	}
	if file, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		return &passSource{env: env, tty: file}, nil
	}
	in := env.Stdin
	if in == nil {
		in = strings.NewReader("")
	}
	return &passSource{env: env, lines: bufio.NewReader(in)}, nil
}

func (p *passSource) interactive() bool { return p.tty != nil }

// next returns one passphrase; prompt is shown only on a terminal.
func (p *passSource) next(prompt string) (secret.Value, error) {
	if p.tty != nil {
		fmt.Fprintf(p.env.Stderr, "%s: ", prompt)
		b, err := term.ReadPassword(int(p.tty.Fd()))
		fmt.Fprintln(p.env.Stderr)
		if err != nil {
			return secret.Value{}, fmt.Errorf("reading the passphrase: %w", err)
		}
		v := secret.New(string(b))
		clear(b)
		return v, nil
	}
	b, err := p.lines.ReadBytes('\n')
	if err != nil && (err != io.EOF || len(b) == 0) {
		if err == io.EOF {
			return secret.Value{}, errors.New("no passphrase given: input ended (pass one line per passphrase on stdin or --passphrase-fd)")
		}
		return secret.Value{}, fmt.Errorf("reading the passphrase: %w", err)
	}
	line := b
	for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
		line = line[:len(line)-1]
	}
	v := secret.New(string(line))
	clear(b)
	return v, nil
}

// newPassphrase asks for a new passphrase, twice on a terminal.
func (p *passSource) newPassphrase(prompt string) (secret.Value, error) {
	v, err := p.next(prompt)
	if err != nil {
		return v, err
	}
	if v.Empty() {
		return v, errors.New("the passphrase is empty")
	}
	if p.interactive() {
		again, err := p.next("Repeat it")
		if err != nil {
			v.Wipe()
			return v, err
		}
		same := again.Reveal() == v.Reveal()
		again.Wipe()
		if !same {
			v.Wipe()
			return secret.Value{}, errors.New("the passphrases do not match; nothing was changed")
		}
	}
	return v, nil
}
