package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"saldo/fints/camt"
	"saldo/fints/money"
	"saldo/fints/mt940"
	"saldo/fints/statement"
)

func init() {
	var asJSON bool
	register(&Command{
		Name:    "import",
		Usage:   "[--json] FILE...",
		Summary: "read MT940/MT942 or camt statement files and summarise them",
		Flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print the statements with their bookings as JSON")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			paths, err := parseInterspersed(fs, fs.Args())
			if err != nil {
				return fmt.Errorf("%w: %w", ErrUsage, err)
			}
			if len(paths) == 0 {
				return fmt.Errorf("%w: name at least one statement file (MT940, MT942 or camt XML)", ErrUsage)
			}
			var files []*statementFile
			for _, p := range paths {
				if err := ctx.Err(); err != nil {
					return err
				}
				f, err := readStatementFile(p)
				if err != nil {
					return err
				}
				files = append(files, f)
			}
			printWarnings(env.Stderr, files...)
			if asJSON {
				return printJSON(env.Stdout, importJSON(files))
			}
			for i, f := range files {
				if i > 0 {
					fmt.Fprintln(env.Stdout)
				}
				printSummary(env.Stdout, f)
			}
			return nil
		},
	})
}

// statementFile is one input file and the statements in it.
type statementFile struct {
	Path       string
	Format     string // "mt940", "mt942" or "camt"
	Statements []statement.Statement
	Warnings   []string // read, but something looks wrong
}

// Formats a statement file can be in, as detectFormat names them.
const (
	fileMT940 = "mt940"
	fileMT942 = "mt942"
	fileCamt  = "camt"
)

// readStatementFile reads path and parses it in the format its content
// shows (the file name does not matter: banks name exports anything).
func readStatementFile(path string) (*statementFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputProblem(path, err)
	}
	format, err := detectFormat(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var sts []statement.Statement
	switch format {
	case fileCamt:
		sts, err = camt.Parse(data)
	default:
		sts, err = mt940.Parse(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if format == fileMT940 {
		pending := 0
		for _, st := range sts {
			if st.Pending {
				pending++
			}
		}
		if pending == len(sts) && pending > 0 {
			format = fileMT942
		}
	}
	f := &statementFile{Path: path, Format: format, Statements: sts}
	f.Warnings = cutOffWarnings(f)
	return f, nil
}

// cutOffWarnings notes MT940 statements without a closing balance: the
// parser takes them leniently, but a statement ends with :62F:, so the
// file was probably cut off and bookings may be missing.
func cutOffWarnings(f *statementFile) []string {
	if f.Format != fileMT940 {
		return nil // MT942 and camt.052/054 have no closing balance
	}
	var out []string
	for i := range f.Statements {
		st := &f.Statements[i]
		if st.Pending || st.Closing != nil {
			continue
		}
		out = append(out, fmt.Sprintf("%s: statement %d (account %s) ends without a closing balance (:62F:): the file may be cut off and bookings missing; download it again", f.Path, i+1, orDash(st.Account)))
	}
	return out
}

// printWarnings writes the files' warnings to w.
func printWarnings(w io.Writer, files ...*statementFile) {
	for _, f := range files {
		for _, m := range f.Warnings {
			fmt.Fprintf(w, "warning: %s\n", m)
		}
	}
}

// errUnknownFormat says what kinds of file are understood.
var errUnknownFormat = errors.New("not a statement file: expected MT940/MT942 text (lines such as :20:, :25:, :61:) or camt.052/053/054 XML")

// detectFormat tells camt XML from MT940/MT942 text by the content.
func detectFormat(data []byte) (string, error) {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n\x00\x01")
	if len(t) == 0 {
		return "", errors.New("the file is empty")
	}
	if t[0] == '<' {
		return fileCamt, nil
	}
	// MT940: a SWIFT envelope, or a line starting with a field tag. Look
	// at the start only: a statement's first tag comes early.
	head := t[:min(len(t), 4096)]
	if bytes.HasPrefix(head, []byte("{1:")) || bytes.HasPrefix(head, []byte(":")) {
		return fileMT940, nil
	}
	for _, tag := range []string{"\n:20:", "\n:25:", "\n:61:", "\n:86:", "@@:20:", "\r:20:"} {
		if bytes.Contains(head, []byte(tag)) {
			return fileMT940, nil
		}
	}
	return "", errUnknownFormat
}

// stmtSummary is what import reports about one statement.
type stmtSummary struct {
	From     statement.Date `json:"from"`
	To       statement.Date `json:"to"`
	Bookings int            `json:"bookings"` // booked (pending in a pending report)
	Pending  int            `json:"other"`    // entries of the other status
	Credits  money.Amount   `json:"credits"`
	Debits   money.Amount   `json:"debits"`
	// Check is "ok" when opening + bookings = closing, "mismatch" when
	// not, "" without both balances.
	Check    string        `json:"check,omitempty"`
	Computed *money.Amount `json:"computed_closing,omitempty"`
}

func summarize(st *statement.Statement) stmtSummary {
	var s stmtSummary
	for i := range st.Bookings {
		b := &st.Bookings[i]
		d := b.BookingDate
		if d.IsZero() {
			d = b.ValueDate
		}
		if !d.IsZero() {
			if s.From.IsZero() || d.Before(s.From) {
				s.From = d
			}
			if d.After(s.To) {
				s.To = d
			}
		}
		// Sum what the statement is about: booked entries, or the
		// pending ones of a pending report; count the others apart.
		if (b.Status == statement.Pending) != st.Pending || b.Status == statement.Info {
			s.Pending++
			continue
		}
		s.Bookings++
		if b.Amount.Sign() < 0 {
			s.Debits = s.Debits.Add(b.Amount)
		} else {
			s.Credits = s.Credits.Add(b.Amount)
		}
	}
	if s.From.IsZero() && st.Opening != nil {
		s.From = st.Opening.Date
	}
	if s.To.IsZero() && st.Closing != nil {
		s.To = st.Closing.Date
	}
	if st.Opening != nil && st.Closing != nil {
		c := st.Opening.Amount.Add(s.Credits).Add(s.Debits)
		s.Check = "ok"
		if c.Cmp(st.Closing.Amount) != 0 {
			s.Check = "mismatch"
			s.Computed = &c
		}
	}
	return s
}

func printSummary(w io.Writer, f *statementFile) {
	n := len(f.Statements)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "%s: %s, %d statement%s\n", f.Path, strings.ToUpper(f.Format), n, plural)
	for i := range f.Statements {
		st := &f.Statements[i]
		s := summarize(st)
		cur := st.Currency
		fmt.Fprintf(w, "\n  %d. account   %s\n", i+1, orDash(st.Account))
		if st.Number != "" {
			fmt.Fprintf(w, "     number    %s\n", st.Number)
		}
		if st.Pending {
			fmt.Fprintf(w, "     kind      pending entries (not yet booked)\n")
		}
		fmt.Fprintf(w, "     period    %s – %s\n", orDash(s.From.String()), orDash(s.To.String()))
		if st.Opening != nil {
			fmt.Fprintf(w, "     opening   %s\n", fmtBalance(st.Opening))
		}
		if st.Closing != nil {
			fmt.Fprintf(w, "     closing   %s\n", fmtBalance(st.Closing))
		}
		fmt.Fprintf(w, "     bookings  %d: in %s %s, out %s %s\n", s.Bookings, s.Credits, cur, s.Debits, cur)
		if s.Pending > 0 {
			fmt.Fprintf(w, "     also      %d entries not booked yet or informational\n", s.Pending)
		}
		if s.Check == "mismatch" {
			fmt.Fprintf(w, "     warning   opening + bookings = %s %s, but the bank's closing balance is %s\n", s.Computed, cur, fmtBalance(st.Closing))
		}
	}
}

func fmtBalance(b *statement.Balance) string {
	s := b.Amount.String() + " " + b.Currency
	if !b.Date.IsZero() {
		s += " on " + b.Date.String()
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// importJSON is the --json form: every file with its statements, each
// with its bookings and a summary.
func importJSON(files []*statementFile) any {
	type stmt struct {
		statement.Statement
		Summary stmtSummary `json:"summary"`
	}
	type file struct {
		File       string `json:"file"`
		Format     string `json:"format"`
		Statements []stmt `json:"statements"`
	}
	out := make([]file, 0, len(files))
	for _, f := range files {
		jf := file{File: f.Path, Format: f.Format, Statements: []stmt{}}
		for i := range f.Statements {
			st := f.Statements[i]
			if st.Bookings == nil {
				st.Bookings = []statement.Booking{}
			}
			jf.Statements = append(jf.Statements, stmt{Statement: st, Summary: summarize(&f.Statements[i])})
		}
		out = append(out, jf)
	}
	return out
}
