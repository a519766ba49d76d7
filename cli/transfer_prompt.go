package cli

import (
	"context"
	"fmt"
	"strings"

	"saldo/fints"
	"saldo/fints/secret"
)

// transferOp is the engine's name for a payment in challenges.
const transferOp = "Transfer"

// transferPrompter is the terminal prompter of saldo transfer: it asks
// about the payee check, and with --pause it stops at the first question
// about the order (payee, TAN or app approval) instead of asking. A login
// that needs a TAN first is answered as usual.
type transferPrompter struct {
	*cliPrompter
	pause  bool
	cancel context.CancelCauseFunc
	// pausedAt describes what the transfer waits for, once paused.
	pausedAt string
}

// TAN shows the challenge; with --pause it stops there, so that another
// process can send the TAN.
func (p *transferPrompter) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	if !p.pause || c.Operation != transferOp {
		return p.cliPrompter.TAN(ctx, c)
	}
	showChallenge(p.env, c)
	p.pausedAt = "the TAN"
	return secret.Value{}, fints.ErrPause
}

// Decoupled reports the wait for the app; with --pause it stops right
// away (the approval can happen while the transfer is paused).
func (p *transferPrompter) Decoupled(ctx context.Context, s fints.DecoupledStatus) {
	p.cliPrompter.Decoupled(ctx, s)
	if p.pause && p.pausedAt == "" && s.Challenge.Operation == transferOp {
		p.pausedAt = "the approval in the app"
		p.cancel(fints.ErrPause)
	}
}

// ConfirmPayee shows the payee check and asks whether to release the
// order anyway; only "yes" (or "ja") releases it.
func (p *transferPrompter) ConfirmPayee(ctx context.Context, r fints.VoPResult) (bool, error) {
	w := p.env.Stderr
	fmt.Fprintf(w, "Payee check by the bank: %s\n", payeeLine(r))
	if r.Text != "" {
		fmt.Fprintln(w, r.Text)
	}
	if p.pause {
		p.pausedAt = "the payee confirmation"
		return false, fints.ErrPause
	}
	fmt.Fprint(w, "Release the transfer anyway? Type yes to release it, anything else cancels: ")
	answer, err := p.readLine(ctx)
	if err != nil {
		printNewline(p.env)
		return false, fmt.Errorf("reading the answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "yes", "y", "ja", "j":
		return true, nil
	}
	return false, nil
}

// showChallenge prints a challenge without asking for the TAN.
func showChallenge(env *Env, c fints.Challenge) {
	w := env.Stderr
	printChallenge(w, c, "for manual entry")
	if !c.ExpiresAt.IsZero() {
		fmt.Fprintf(w, "The challenge is valid until %s.\n", c.ExpiresAt.Local().Format("15:04:05"))
	}
}
