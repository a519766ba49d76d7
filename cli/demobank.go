package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"saldo/fints/demobank"
)

func init() {
	register(&Command{
		Name:    "demo-bank",
		Usage:   "[--listen 127.0.0.1:PORT] [--seed N] [--page-size N] [--latency D] [--approve-after D] [--abort N] [--drop N] [--drop-after N] [--drop-after-payment N]",
		Summary: "run the demo bank: a FinTS server on loopback with demo accounts (prints URL, BLZ, logins)",
		Flags: func(fs *flag.FlagSet) {
			fs.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
			fs.Uint64("seed", 0, "seed of the generated account history")
			fs.Int("page-size", 100, "bookings per statement answer before paging with touchdown")
			fs.Duration("latency", 0, "delay added before every answer (e.g. 500ms)")
			fs.Duration("approve-after", 3*time.Second, "how long the demo app waits before approving a decoupled TAN (negative: never)")
			fs.Bool("hide-tans", false, "leave the TAN out of challenge texts")
			fs.Bool("verbose", false, "log every message (dialog, jobs, return codes; never PINs)")
			// Fault switches count down as they fire, from the first message on.
			fs.Int("abort", 0, "fault: end the dialog of the next N messages with 9800 (the client must start a new one)")
			fs.Int("drop", 0, "fault: close the connection of the next N requests without processing them")
			fs.Int("drop-after", 0, "fault: process the next N requests, then close the connection without an answer")
			fs.Int("drop-after-payment", 0, "fault: execute the next N payments, then close the connection without an answer (outcome unknown to the client)")
		},
		Run: runDemoBank,
	})
}

func runDemoBank(ctx context.Context, env *Env, fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", ErrUsage, fs.Args())
	}
	get := func(name string) flag.Getter { return fs.Lookup(name).Value.(flag.Getter) }
	listen := get("listen").Get().(string)
	if err := demobank.CheckLoopback(listen); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if _, port, err := net.SplitHostPort(listen); err == nil {
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("%w: --listen %s: the port must be a number from 0 to 65535 (0 picks a free one)", ErrUsage, listen)
		}
	}
	pageSize := get("page-size").Get().(int)
	if pageSize < 1 || pageSize > 9999 {
		return fmt.Errorf("%w: --page-size must be between 1 and 9999, not %d", ErrUsage, pageSize)
	}
	faults := demobank.Faults{Latency: get("latency").Get().(time.Duration)}
	for _, c := range []struct {
		flag string
		dst  *int
	}{{"abort", &faults.Abort}, {"drop", &faults.Drop}, {"drop-after", &faults.DropAfter}, {"drop-after-payment", &faults.DropAfterPayment}} {
		if *c.dst = get(c.flag).Get().(int); *c.dst < 0 {
			return fmt.Errorf("%w: --%s must not be negative", ErrUsage, c.flag)
		}
	}
	opts := demobank.Options{
		Seed:         get("seed").Get().(uint64),
		PageSize:     pageSize,
		ApproveAfter: get("approve-after").Get().(time.Duration),
		HideTANs:     get("hide-tans").Get().(bool),
		Faults:       faults,
	}
	if opts.ApproveAfter == 0 {
		// The option's zero means "default"; the flag's zero means at once.
		opts.ApproveAfter = time.Nanosecond
	}
	if get("verbose").Get().(bool) {
		opts.Logger = slog.New(slog.NewTextHandler(env.Stderr, nil))
	}
	bank := demobank.New(opts)
	url, err := bank.Listen(ctx, listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("--listen %s: the port is in use by another program (another demo bank?): choose another port, or --listen 127.0.0.1:0 for a free one", listen)
	}
	if err != nil {
		return err
	}
	defer bank.Close()
	printDemoBank(env.Stdout, bank, url, opts)
	<-ctx.Done()
	fmt.Fprintln(env.Stdout, "demo bank stopped")
	return nil
}

// printDemoBank tells a person how to connect. The PINs are printed on
// purpose: they are the published demo PINs.
func printDemoBank(w io.Writer, bank *demobank.Bank, url string, opts demobank.Options) {
	fmt.Fprintln(w, "saldo demo bank is listening")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  URL     %s\n", url)
	fmt.Fprintf(w, "  BLZ     %s  (BIC %s, %s)\n", demobank.BankCode, demobank.BankBIC, demobank.BankName)
	for i, lg := range bank.Ledger().Logins() {
		label := "Logins"
		if i > 0 {
			label = ""
		}
		accts, _ := bank.Ledger().Accounts(lg.UserID)
		names := make([]string, len(accts))
		for j, a := range accts {
			names[j] = a.Product
		}
		extra := ""
		if lg.UserID == demobank.DemoUser100k {
			extra = fmt.Sprintf(" (%d bookings)", demobank.BigBookings)
		}
		fmt.Fprintf(w, "  %-6s  user %-9s PIN %s   %s: %s%s\n", label, lg.UserID, demobank.DemoPIN, lg.Name,
			strings.Join(names, ", "), extra)
	}
	fmt.Fprintf(w, "  TAN     %s\n", demobank.MethodSummary())
	if opts.ApproveAfter > 0 {
		fmt.Fprintf(w, "          the demo app approves decoupled tasks after %s\n", opts.ApproveAfter)
	}
	if opts.HideTANs {
		fmt.Fprintln(w, "          challenge texts do not show the TAN (--hide-tans)")
	} else {
		fmt.Fprintln(w, "          every challenge text shows its TAN (demo mode)")
	}
	if f := faultSummary(opts.Faults); f != "" {
		fmt.Fprintf(w, "  Faults  %s\n", f)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Try it:   saldo transactions --no-vault --url %s --blz %s --user %s\n", url, demobank.BankCode, demobank.DemoUser)
	fmt.Fprintln(w, "Stop with Ctrl+C.")
}

// faultSummary lists the fault switches that are on, for the banner.
func faultSummary(f demobank.Faults) string {
	var on []string
	if f.Latency > 0 {
		on = append(on, fmt.Sprintf("%s latency per answer", f.Latency))
	}
	for _, c := range []struct {
		n    int
		what string
	}{
		{f.Abort, "the next %d message(s) end the dialog with 9800"},
		{f.Drop, "the next %d request(s) are dropped unprocessed"},
		{f.DropAfter, "the answers to the next %d request(s) are dropped"},
		{f.DropAfterPayment, "the answers to the next %d payment(s) are dropped after execution"},
	} {
		if c.n > 0 {
			on = append(on, fmt.Sprintf(c.what, c.n))
		}
	}
	return strings.Join(on, "; ")
}
