// Package cli implements saldo's subcommands. Each command lives in its own
// file and registers itself from init, so commands can be added without
// touching a central switch.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Command is one subcommand: `saldo <Name> [flags] [args]`.
type Command struct {
	Name    string
	Usage   string // one line: arguments after the name
	Summary string // one line for the command list
	// Run executes the command. fs is a fresh FlagSet named after the
	// command; Flags, if set, is called first to define flags on it.
	Flags func(fs *flag.FlagSet)
	Run   func(ctx context.Context, env *Env, fs *flag.FlagSet) error
}

// Env is what a command may touch of the outside world; tests replace it.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// DefaultEnv uses the process's standard streams and environment.
func DefaultEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

var commands = map[string]*Command{}

// uiCommand is the command that runs when saldo is started without one.
const uiCommand = "ui"

// register adds c to the command table; called from init in each command file.
func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// ErrUsage marks an error caused by wrong arguments; Main prints usage for it.
var ErrUsage = errors.New("usage")

// Lookup returns the command called name, or nil.
func Lookup(name string) *Command { return commands[name] }

// Run executes `saldo args...` (args without the program name) and returns
// the process exit code: 0 ok, 1 failure, 2 usage error.
func Run(ctx context.Context, env *Env, args []string) int {
	// No command, or only flags (saldo --demo): open the terminal app.
	implicit := false
	if (len(args) == 0 || (strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help")) && commands[uiCommand] != nil {
		args = append([]string{uiCommand}, args...)
		implicit = true
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			c := commands[args[1]]
			if c == nil {
				unknownCommand(env.Stderr, args[1])
				return 2
			}
			printCommandUsage(env.Stdout, c)
			return 0
		}
		PrintUsage(env.Stdout)
		return 0
	}
	c := commands[args[0]]
	if c == nil {
		unknownCommand(env.Stderr, args[0])
		return 2
	}
	fs := flag.NewFlagSet("saldo "+c.Name, flag.ContinueOnError)
	// Problems are reported below in our words; the flag package's own
	// text and its full flag list would bury them.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.Flags != nil {
		c.Flags(fs)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandUsage(env.Stdout, c)
			return 0
		}
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok && implicit && commands[name] != nil {
			// saldo --balance: a command typed as a flag.
			fmt.Fprintf(env.Stderr, "saldo: unknown flag --%s; %s is a command, written without dashes: saldo %s\n", name, name, name)
			return 2
		}
		usageProblem(env.Stderr, c, flagProblem(fs, err))
		return 2
	}
	if err := c.Run(ctx, env, fs); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandUsage(env.Stdout, c)
			return 0
		}
		if errors.Is(err, ErrUsage) {
			usageProblem(env.Stderr, c, err)
			return 2
		}
		msg := err.Error()
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			// Ctrl+C or SIGTERM: say so instead of Go's "context canceled".
			msg = strings.ReplaceAll(msg, context.Canceled.Error(), "interrupted")
		}
		fmt.Fprintf(env.Stderr, "saldo %s: %s\n", c.Name, msg)
		return 1
	}
	return 0
}

// usageProblem reports wrong arguments: what was wrong, the command's
// usage line, and where the flags are described.
func usageProblem(w io.Writer, c *Command, err error) {
	msg := strings.TrimPrefix(err.Error(), ErrUsage.Error()+": ")
	fmt.Fprintf(w, "saldo %s: %s\n", c.Name, msg)
	fmt.Fprintf(w, "usage: saldo %s %s\n", c.Name, strings.TrimSpace(c.Usage))
	fmt.Fprintf(w, "Run 'saldo help %s' for all its flags.\n", c.Name)
}

// unknownCommand names the command that does not exist and the closest
// one that does.
func unknownCommand(w io.Writer, name string) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	fmt.Fprintf(w, "saldo: unknown command %q", name)
	if near := nearest(name, names); near != "" {
		fmt.Fprintf(w, " (did you mean '%s'?)", near)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'saldo help' for the list of commands.")
}

// PrintUsage lists all commands.
func PrintUsage(w io.Writer) {
	fmt.Fprintln(w, "saldo — terminal banking over FinTS 3.0 (PIN/TAN)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: saldo [--demo] [--vault FILE]      open the terminal app")
	fmt.Fprintln(w, "       saldo <command> [flags] [args]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	width := 0
	for n := range commands {
		names = append(names, n)
		if len(n) > width {
			width = len(n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, commands[n].Summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'saldo help <command>' for a command's flags.")
}

func printCommandUsage(w io.Writer, c *Command) {
	fmt.Fprintf(w, "usage: saldo %s %s\n\n%s\n", c.Name, strings.TrimSpace(c.Usage), c.Summary)
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	if c.Flags != nil {
		c.Flags(fs)
		fmt.Fprintln(w)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
