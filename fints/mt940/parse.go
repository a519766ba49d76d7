package mt940

import (
	"strings"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// field is one field of a statement: the text after ":TAG:" on its first
// line, and the continuation lines (joined by '\n') that follow it.
type field struct {
	tag   tag
	line  int
	first string
	rest  string
}

// lines calls fn for the first line and each continuation line.
func (f *field) lines(fn func(s string, first bool)) {
	fn(f.first, true)
	rest := f.rest
	for rest != "" {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			fn(rest, false)
			return
		}
		fn(rest[:i], false)
		rest = rest[i+1:]
	}
}

// stmtParser turns the fields of one statement into a Statement.
type stmtParser struct {
	st *statement.Statement

	inBooking bool
	info      []string // :86: fields of the current booking (each joined to one line)
	ns        []string // :NS: lines of the current booking
	stmtInfo  []string
}

// parseStatement parses the statement collected in b; sc holds scratch
// space reused across statements.
func parseStatement(b *builder, sc *scratch) (*statement.Statement, error) {
	text := b.text()
	p := stmtParser{st: &statement.Statement{}, info: sc.info[:0], ns: sc.ns[:0]}
	defer func() { sc.info, sc.ns = p.info[:0], p.ns[:0] }()
	// Size the bookings once: growing a slice of large structs by
	// doubling costs more than counting the lines.
	if b.n61 > 0 {
		p.st.Bookings = make([]statement.Booking, 0, b.n61)
	}
	// prepare marked where each field starts; a field runs to the next.
	for i, m := range b.marks {
		end := len(text)
		if i+1 < len(b.marks) {
			end = b.marks[i+1].start - 1 // the '\n' before the next tag
		}
		if end < m.start+m.vs {
			end = m.start + m.vs
		}
		v := text[m.start+m.vs : end]
		f := field{tag: m.tag, line: m.line, first: v}
		if nl := strings.IndexByte(v, '\n'); nl >= 0 {
			f.first, f.rest = v[:nl], v[nl+1:]
		}
		if err := p.field(&f); err != nil {
			return nil, err
		}
	}
	p.finishBooking()
	p.finish()
	return p.st, nil
}

// field applies one field to the statement.
func (p *stmtParser) field(f *field) error {
	st := p.st
	switch f.tag.num {
	case 20, 21, 13:
		// References and the MT942 creation time carry nothing the
		// model keeps; :13: only marks the report as MT942.
		if f.tag.num == 13 {
			st.Pending = true
		}
	case 25:
		st.Account, st.Currency = normalizeAccount(f.first, st.Currency)
	case 28:
		st.Number = strings.TrimSpace(f.first)
	case 60:
		p.finishBooking()
		b, err := parseBalance(f.first)
		if err != nil {
			return &Error{Line: f.line, Tag: f.tag.String(), Msg: "opening balance " + quote(f.first), Err: err}
		}
		if st.Opening == nil {
			st.Opening = &b
		}
	case 61:
		p.finishBooking()
		// Parse in place: a Booking is large, copies of it add up.
		st.Bookings = append(st.Bookings, statement.Booking{})
		if err := parse61(&st.Bookings[len(st.Bookings)-1], f.first, f.rest); err != nil {
			st.Bookings = st.Bookings[:len(st.Bookings)-1]
			return &Error{Line: f.line, Tag: "61", Msg: quote(f.first), Err: err}
		}
		p.inBooking = true
	case 86:
		// prepare has joined the field's lines into one.
		if p.inBooking {
			p.info = append(p.info, f.first)
		} else if v := normSpace(f.first); v != "" {
			p.stmtInfo = append(p.stmtInfo, v)
		}
	case tagNS:
		if p.inBooking {
			f.lines(func(s string, _ bool) { p.ns = append(p.ns, s) })
		} else {
			f.lines(func(s string, _ bool) {
				if v := normSpace(s); v != "" {
					p.stmtInfo = append(p.stmtInfo, v)
				}
			})
		}
	case 62:
		p.finishBooking()
		b, err := parseBalance(f.first)
		if err != nil {
			return &Error{Line: f.line, Tag: f.tag.String(), Msg: "closing balance " + quote(f.first), Err: err}
		}
		st.Closing = &b
	case 64:
		p.finishBooking()
		// :64: and :65: are informative; a bank that fills them with
		// junk (seen: "Dnullnull7414,3") must not cost the statement.
		if b, err := parseBalance(f.first); err == nil {
			st.Available = &b
		}
	case 65:
		p.finishBooking()
		if b, err := parseBalance(f.first); err == nil {
			st.Forward = append(st.Forward, b)
		}
	case 34, 90:
		p.finishBooking()
		st.Pending = true
		if st.Currency == "" {
			st.Currency = mt942Currency(f.first, f.tag.num)
		}
	}
	return nil
}

// finishBooking applies the collected :86: and :NS: lines to the last booking.
func (p *stmtParser) finishBooking() {
	if !p.inBooking {
		return
	}
	b := &p.st.Bookings[len(p.st.Bookings)-1]
	if len(p.info) > 0 {
		applyInfo(b, p.info)
	}
	if len(p.ns) > 0 {
		applyNS(b, p.ns)
	}
	if b.CounterpartyIBAN == "" {
		// Rabobank puts the counterparty account on the :61: second line.
		if acct := accountToken(b.Extra); acct != "" {
			b.CounterpartyIBAN = acct
		}
	}
	p.info = p.info[:0]
	p.ns = p.ns[:0]
	p.inBooking = false
}

// finish fills what is known only at the end: currency, status, running balance.
func (p *stmtParser) finish() {
	st := p.st
	if st.Currency == "" {
		switch {
		case st.Opening != nil && st.Opening.Currency != "":
			st.Currency = st.Opening.Currency
		case st.Closing != nil && st.Closing.Currency != "":
			st.Currency = st.Closing.Currency
		}
	}
	for _, b := range []*statement.Balance{st.Opening, st.Closing, st.Available} {
		if b != nil && b.Currency == "" {
			b.Currency = st.Currency
		}
	}
	for i := range st.Forward {
		if st.Forward[i].Currency == "" {
			st.Forward[i].Currency = st.Currency
		}
	}
	if len(p.stmtInfo) > 0 {
		st.Info = strings.Join(p.stmtInfo, " ")
	}
	status := statement.Booked
	if st.Pending {
		status = statement.Pending
	}
	var run money.Amount
	withRun := st.Opening != nil
	if withRun {
		run = st.Opening.Amount
	}
	// One backing array for all running balances of the statement.
	var runs []money.Amount
	if withRun {
		runs = make([]money.Amount, len(st.Bookings))
	}
	for i := range st.Bookings {
		b := &st.Bookings[i]
		b.Status = status
		b.Currency = st.Currency
		if withRun {
			run = run.Add(b.Amount)
			runs[i] = run
			b.RunningBalance = &runs[i]
		}
	}
	if st.Bookings == nil {
		st.Bookings = []statement.Booking{}
	}
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return "\"" + s + "\""
}
