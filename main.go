// Command saldo is a full-screen terminal banking app for German banks,
// speaking FinTS 3.0 with PIN/TAN. Without arguments it opens the terminal
// UI; with a subcommand it runs headless (see `saldo help`).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"saldo/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, cli.DefaultEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
