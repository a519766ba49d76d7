// cliPrompter: the engine's TAN and approval prompts on the command line.

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"saldo/fints"
	"saldo/fints/secret"
)

// cliPrompter answers the engine's prompts on the command line: challenge
// on stderr, TAN from the terminal or the next stdin line.
type cliPrompter struct {
	env         *Env
	in          *lineReader
	interactive bool
	timeout     time.Duration // the command's --timeout, for messages
}

func (p *cliPrompter) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	w := p.env.Stderr
	if c.Attempt > 1 {
		fmt.Fprintln(w, "The bank did not accept the TAN; please try again.")
	}
	printChallenge(w, c, "for manual entry or the terminal app")
	for {
		fmt.Fprint(w, "TAN: ")
		line, err := p.readLine(ctx)
		if err != nil {
			printNewline(p.env)
			return secret.Value{}, fmt.Errorf("reading the TAN: %w", err)
		}
		if tan := strings.TrimSpace(line); tan != "" {
			return secret.New(tan), nil
		}
		// An empty TAN would cancel the order in the engine; on a
		// terminal it is more likely a slip of the Enter key.
		if !p.interactive {
			printNewline(p.env)
			return secret.Value{}, errors.New("no TAN given (an empty line on stdin); nothing was sent")
		}
		fmt.Fprintln(w, "No TAN entered. Type the TAN, or press Ctrl+C to cancel.")
	}
}

// readLine reads the next answer line, or gives up with the command's
// time limit or an interrupt.
func (p *cliPrompter) readLine(ctx context.Context) (string, error) {
	type res struct {
		s   string
		err error
	}
	ch := make(chan res, 1)
	go func() {
		s, err := p.in.line()
		ch <- res{s, err}
	}()
	select {
	case <-ctx.Done():
		return "", p.stopped(ctx)
	case r := <-ch:
		return r.s, r.err
	}
}

// stopped words why a prompt stopped waiting.
func (p *cliPrompter) stopped(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && p.timeout > 0 {
		return &quietError{fmt.Sprintf("no answer within the command's time limit (--timeout %s)", p.timeout), ctx.Err()}
	}
	return ctx.Err()
}

// printChallenge shows what the bank asks for: the operation and method,
// the challenge text, the chipTAN code (hint says where it can be used)
// and a challenge image saved to a file.
func printChallenge(w io.Writer, c fints.Challenge, hint string) {
	fmt.Fprintf(w, "%s needs a TAN (%s, %s).\n", c.Operation, c.Method.Name, c.Method.Kind)
	if c.Text != "" {
		fmt.Fprintln(w, c.Text)
	}
	if c.Flicker != nil {
		if code, err := c.Flicker.Code(); err == nil {
			fmt.Fprintf(w, "chipTAN code (%s): %s\n", hint, code)
		}
	}
	if c.Image != nil {
		if f, err := os.CreateTemp("", "saldo-challenge-*"+imageExt(c.Image.MIME)); err == nil {
			f.Write(c.Image.Data)
			f.Close()
			fmt.Fprintf(w, "Challenge image saved to %s; scan it with your app.\n", f.Name())
		}
	}
}

func imageExt(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	}
	return ".img"
}

func (p *cliPrompter) Decoupled(_ context.Context, s fints.DecoupledStatus) {
	w := p.env.Stderr
	if s.Polls == 0 {
		fmt.Fprintf(w, "%s: please approve in your banking app (%s).\n", s.Challenge.Operation, s.Challenge.Method.Name)
		if s.Challenge.Text != "" {
			fmt.Fprintln(w, s.Challenge.Text)
		}
		return
	}
	if !s.Deadline.IsZero() {
		fmt.Fprintf(w, "Waiting for approval in your app (%d checks so far, %s left)…\n", s.Polls, time.Until(s.Deadline).Round(time.Second))
		return
	}
	fmt.Fprintf(w, "Waiting for approval in your app (%d checks so far)…\n", s.Polls)
}

func (p *cliPrompter) ConfirmApproval(ctx context.Context, c fints.Challenge) error {
	fmt.Fprintf(p.env.Stderr, "%s: approve in your banking app, then press Enter.\n", c.Operation)
	_, err := p.readLine(ctx)
	return err
}

func (p *cliPrompter) ConfirmPayee(context.Context, fints.VoPResult) (bool, error) {
	return false, errors.New("payee confirmation is not available in this command")
}
