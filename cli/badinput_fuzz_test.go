package cli

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// FuzzParseAmount: any --amount is either a valid SEPA amount or a usage
// error naming the flag; never a panic.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12.34", "12,34", "0", "-5", "1,234.5", "1.234", "0.001", "99999999999999999999", "€5", "", " ", ".", ",5", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--amount") {
				t.Fatalf("parseAmount(%q) = %v", s, err)
			}
			return
		}
		if a.Sign() <= 0 || a.Decimals() > 2 {
			t.Fatalf("parseAmount(%q) accepted %s", s, a)
		}
	})
}

// FuzzFlagProblem: whatever is typed, a flag error is reworded without
// the flag package's own phrases and without a panic.
func FuzzFlagProblem(f *testing.F) {
	for _, s := range []string{"--frob", "--url", "--timeout abc", "--json=maybe", "---x", "--n=-1", "-", "--", "--=x", `--url="a"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.String("url", "", "")
		fs.Bool("json", false, "")
		fs.Duration("timeout", time.Minute, "")
		fs.Uint("n", 3, "")
		var l listFlag
		fs.Var(&l, "account", "")
		err := fs.Parse(strings.Fields(line))
		if err == nil || errors.Is(err, flag.ErrHelp) {
			return
		}
		msg := flagProblem(fs, err).Error()
		for _, bad := range []string{"flag provided but not defined", "flag needs an argument", "parse error", "bad flag syntax"} {
			if strings.Contains(msg, bad) {
				t.Fatalf("%q: %q still says %q", line, msg, bad)
			}
		}
	})
}
