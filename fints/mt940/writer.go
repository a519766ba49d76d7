package mt940

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Write writes st the way a German bank sends it in HIKAZ: an MT940
// statement, or an MT942 interim report when st.Pending, with a
// DK-structured :86: per booking, lines of at most 65 characters, CRLF
// line ends and ISO-8859-1 text.
//
// What MT940 cannot carry is adapted as banks do: '?' (the :86: sub-field
// mark) becomes '.', characters outside ISO-8859-1 become '.', a
// counterparty name is cut to the 54 characters of ?32/?33, and a booking
// without GVC gets 999. A purpose too long for the 14 purpose sub-fields,
// a missing currency, a booked statement without opening or closing
// balance, or a pending one with balances is an error: the output would
// misstate the account.
func Write(w io.Writer, st statement.Statement) error {
	var e encoder
	if err := e.statement(&st); err != nil {
		return fmt.Errorf("mt940: account %s: %w", st.Account, err)
	}
	if _, err := w.Write(e.buf); err != nil {
		return fmt.Errorf("mt940: writing statement: %w", err)
	}
	return nil
}

const (
	lineWidth    = 65
	purposeSlots = 14 // ?20–?29 and ?60–?63
	nameWidth    = 2 * chunkWidth
)

type encoder struct {
	buf []byte
}

func (e *encoder) statement(st *statement.Statement) error {
	cur := st.Currency
	if cur == "" {
		for _, b := range []*statement.Balance{st.Opening, st.Closing} {
			if b != nil && b.Currency != "" {
				cur = b.Currency
				break
			}
		}
	}
	if cur == "" && len(st.Bookings) > 0 {
		cur = st.Bookings[0].Currency
	}
	if len(cur) != 3 {
		return fmt.Errorf("currency %q is not a three-letter code", cur)
	}
	number := st.Number
	if number == "" {
		number = "00000/001"
	}
	e.buf = append(e.buf, "\r\n"...)
	if st.Pending {
		e.field("20", "STARTDISPE")
	} else {
		e.field("20", "STARTUMS")
	}
	e.field("25", st.Account)
	e.field("28C", number)
	if st.Pending {
		if st.Opening != nil || st.Closing != nil || st.Available != nil || len(st.Forward) > 0 {
			return errors.New("an MT942 (pending) report has no balance fields; the balances would be lost")
		}
		e.field("34F", cur+"D0,")
		e.field("13D", createdStamp(st))
	} else {
		if st.Opening == nil || st.Closing == nil {
			return errors.New("a booked statement needs opening and closing balances (:60F:, :62F:)")
		}
		if err := e.balance("60F", st.Opening, cur); err != nil {
			return err
		}
	}
	for i := range st.Bookings {
		if err := e.booking(&st.Bookings[i]); err != nil {
			return fmt.Errorf("booking %d: %w", i+1, err)
		}
	}
	if st.Pending {
		e.sums(st, cur)
	} else {
		if err := e.balance("62F", st.Closing, cur); err != nil {
			return err
		}
		if st.Available != nil {
			if err := e.balance("64", st.Available, cur); err != nil {
				return err
			}
		}
		for i := range st.Forward {
			if err := e.balance("65", &st.Forward[i], cur); err != nil {
				return err
			}
		}
	}
	if st.Info != "" {
		e.wrapped(":86:" + string(latin1(st.Info, false)))
	}
	e.buf = append(e.buf, "-\r\n"...)
	return nil
}

// createdStamp gives :13D: a deterministic time: the latest booking day at
// midnight UTC (the model has no creation time; the bank's clock is not
// something a statement should depend on).
func createdStamp(st *statement.Statement) string {
	var last statement.Date
	for _, b := range st.Bookings {
		for _, d := range []statement.Date{b.BookingDate, b.ValueDate} {
			if d.After(last) {
				last = d
			}
		}
	}
	if last.IsZero() {
		return "0001010000+0000"
	}
	return yymmdd(last) + "0000+0000"
}

func (e *encoder) sums(st *statement.Statement, cur string) {
	var nd, nc int
	var sd, sc money.Amount
	for _, b := range st.Bookings {
		if b.Amount.Sign() < 0 {
			nd++
			sd = sd.Add(b.Amount.Neg())
		} else {
			nc++
			sc = sc.Add(b.Amount)
		}
	}
	e.field("90D", fmt.Sprintf("%d%s%s", nd, cur, sd.FinTS()))
	e.field("90C", fmt.Sprintf("%d%s%s", nc, cur, sc.FinTS()))
}

func (e *encoder) field(tag, value string) {
	e.buf = append(e.buf, ':')
	e.buf = append(e.buf, tag...)
	e.buf = append(e.buf, ':')
	e.buf = append(e.buf, latin1(value, false)...)
	e.buf = append(e.buf, "\r\n"...)
}

func (e *encoder) balance(tag string, b *statement.Balance, cur string) error {
	if b.Currency != "" && b.Currency != cur {
		return fmt.Errorf(":%s: balance in %s in a %s statement", tag, b.Currency, cur)
	}
	amt, err := swiftAmount(b.Amount)
	if err != nil {
		return fmt.Errorf(":%s: %w", tag, err)
	}
	mark := "C"
	if b.Amount.Sign() < 0 {
		mark = "D"
	}
	date := "000000"
	if !b.Date.IsZero() {
		date = yymmdd(b.Date)
	}
	e.field(tag, mark+date+cur+amt)
	return nil
}

func swiftAmount(a money.Amount) (string, error) {
	s := a.FinTS()
	if len(s) > 15 {
		return "", fmt.Errorf("amount %s has more than 15 characters", a)
	}
	return s, nil
}

func yymmdd(d statement.Date) string {
	return fmt.Sprintf("%02d%02d%02d", d.Year%100, int(d.Month), d.Day)
}

func (e *encoder) booking(b *statement.Booking) error {
	vd := b.ValueDate
	if vd.IsZero() {
		vd = b.BookingDate
	}
	if vd.IsZero() {
		return errors.New("no value or booking date")
	}
	amt, err := swiftAmount(b.Amount)
	if err != nil {
		return err
	}
	var l strings.Builder
	l.WriteString(yymmdd(vd))
	if !b.BookingDate.IsZero() {
		fmt.Fprintf(&l, "%02d%02d", int(b.BookingDate.Month), b.BookingDate.Day)
	}
	neg := b.Amount.Sign() < 0
	switch {
	case b.Reversal && neg:
		l.WriteString("RC")
	case b.Reversal:
		l.WriteString("RD")
	case neg:
		l.WriteString("D")
	default:
		l.WriteString("C")
	}
	l.WriteString(amt)
	l.WriteString(typeCode(b.TypeCode))
	ref := b.CustomerRef
	if ref == "" || len(ref) > 16 || strings.Contains(ref, "//") || strings.ContainsAny(ref, "\r\n") {
		ref = "NONREF"
	}
	l.WriteString(ref)
	if b.BankRef != "" {
		l.WriteString("//")
		l.WriteString(b.BankRef)
	}
	e.buf = append(e.buf, ":61:"...)
	e.buf = append(e.buf, latin1(l.String(), false)...)
	e.buf = append(e.buf, "\r\n"...)
	if b.Extra != "" {
		e.supplementary(b.Extra)
	}
	info, err := dkInfo(b)
	if err != nil {
		return err
	}
	e.wrapped(":86:" + info)
	return nil
}

// typeCode gives the :61: transaction type: N/S/F + three characters. A
// shorter code that already starts with N/S/F ("NIT", Triodos) is padded
// with blanks, which a reader trims, so it comes back unchanged.
func typeCode(tc string) string {
	if tc == "" || len(tc) > 4 || !isAlnum(tc) {
		return "NMSC"
	}
	switch {
	case len(tc) == 4 && isUpper(tc[0]):
		return tc // "NTRF", or a bank's own ("MCI0"); readers take any letter
	case tc[0] == 'N' || tc[0] == 'S' || tc[0] == 'F':
		return tc + "   "[:4-len(tc)]
	}
	if len(tc) == 3 {
		return "N" + tc
	}
	return "NMSC"
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return false
		}
	}
	return true
}

// supplementary writes the :61: supplementary details (x..34 per line),
// breaking at blanks so a re-read gives the same text.
func (e *encoder) supplementary(s string) {
	words := strings.Fields(string(latin1(s, false)))
	line := ""
	flush := func() {
		if line != "" {
			e.buf = append(e.buf, safeStart(line)...)
			e.buf = append(e.buf, "\r\n"...)
		}
		line = ""
	}
	for _, w := range words {
		for len(w) > 34 {
			flush()
			line = w[:34]
			flush()
			w = w[34:]
		}
		if line != "" && len(line)+1+len(w) > 34 {
			flush()
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	flush()
}

// safeStart keeps a continuation line from looking like a field tag or a
// statement end to a reader.
func safeStart(s string) string {
	if s != "" && (s[0] == ':' || s[0] == '-' || s[0] == '{') {
		return " " + s
	}
	return s
}

// wrapped writes s in lines of at most 65 characters. A line is made one
// character shorter where the next one would start with ':', '-' or '{'
// and so be mistaken for a field tag, statement end or envelope.
func (e *encoder) wrapped(s string) {
	for len(s) > lineWidth {
		n := lineWidth
		for n > 1 && (s[n] == ':' || s[n] == '-' || s[n] == '{') {
			n--
		}
		e.buf = append(e.buf, s[:n]...)
		e.buf = append(e.buf, "\r\n"...)
		s = s[n:]
	}
	e.buf = append(e.buf, s...)
	e.buf = append(e.buf, "\r\n"...)
}
