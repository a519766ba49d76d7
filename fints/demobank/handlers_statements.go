package demobank

import (
	"fmt"
	"slices"
	"strings"

	"saldo/fints/statement"
	"saldo/fints/wire"
)

// storageDays is how far back statements reach (HIKAZS/HICAZS
// Speicherzeitraum): the two years of generated history.
const storageDays = 730

// camt.052 descriptors the bank delivers, newest first.
var camtFormats = []string{
	"urn:iso:std:iso:20022:tech:xsd:camt.052.001.08",
	"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02",
}

func init() {
	registerJob(&jobSpec{
		id: "HKKAZ", versions: []int{5, 6, 7}, maxPerMsg: maxAccountJobs, accountJob: true,
		secClass: func(v int) bool { return v >= 6 },
		params: func(int) wire.DE {
			return wire.S(fmt.Sprint(storageDays), "J", "N")
		},
		prepare: func(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
			return prepareStatements(c, seg, false)
		},
	})
	registerJob(&jobSpec{
		id: "HKCAZ", versions: []int{1}, maxPerMsg: maxAccountJobs, accountJob: true,
		params: func(int) wire.DE {
			return wire.S(append([]string{fmt.Sprint(storageDays), "J", "N"}, camtFormats...)...)
		},
		prepare: func(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
			return prepareStatements(c, seg, true)
		},
	})
}

// stmtQuery is a checked HKKAZ or HKCAZ.
type stmtQuery struct {
	seg       *wire.Segment
	camt      string // "" for MT940, else the camt.052 version ("02", "08")
	account   Account
	from, to  statement.Date
	max       int
	touchdown string
	key       string // what a touchdown is bound to
}

// positions of the elements after the account: HKCAZ has the camt
// formats at #3, which shifts the rest by one.
type stmtPos struct{ all, from, to, max, touchdown int }

var (
	kazPos = stmtPos{all: 3, from: 4, to: 5, max: 6, touchdown: 7}
	cazPos = stmtPos{all: 4, from: 5, to: 6, max: 7, touchdown: 8}
)

// prepareStatements checks a statement query and decides about SCA:
// statements reaching back more than 90 days need one, unless the query
// continues a page the customer already authorised (touchdown).
func prepareStatements(c *msgCtx, seg *wire.Segment, camt bool) (*jobCall, []wire.ReturnCode) {
	q, errs := parseStmtQuery(c, seg, camt)
	if errs != nil {
		return nil, errs
	}
	var cur *cursor
	if q.touchdown != "" {
		var ok bool
		if cur, ok = c.findCursor(q.touchdown, q.key); !ok {
			pos := kazPos.touchdown
			if camt {
				pos = cazPos.touchdown
			}
			return nil, fail(rcAt("9210", fmt.Sprint(pos), "Aufsetzpunkt unbekannt oder passt nicht zum Auftrag."))
		}
	}
	today := c.b.ledger.Today()
	old := q.from.IsZero() || q.from.Before(today.AddDays(-statementSCAWindow))
	return &jobCall{
		sca:       old && cur == nil,
		operation: "Umsatzabfrage",
		run:       func(c *msgCtx) jobResult { return c.statements(q, cur) },
	}, nil
}

// parseStmtQuery reads the job's elements.
func parseStmtQuery(c *msgCtx, seg *wire.Segment, camt bool) (*stmtQuery, []wire.ReturnCode) {
	pos := kazPos
	q := &stmtQuery{seg: seg}
	intl := seg.Version >= 7
	if camt {
		pos, intl = cazPos, true
		offered := seg.Group(3).Strs(1)
		for _, f := range camtFormats {
			if slices.Contains(offered, f) {
				q.camt = f[len(f)-2:]
				break
			}
		}
		if q.camt == "" {
			return nil, fail(rcAt("9210", "3", "Keines der camt-Formate wird unterstützt; möglich: camt.052.001.02 und .08."))
		}
	}
	a, errs := c.accountOf(accountArg(seg, intl))
	if errs != nil {
		return nil, errs
	}
	q.account = a
	if wire.ParseJN(seg.Str(pos.all)) {
		return nil, fail(rcAt("9210", fmt.Sprint(pos.all), "Abruf für alle Konten wird nicht unterstützt."))
	}
	var err error
	if q.from, err = wire.ParseDate(seg.Str(pos.from)); err != nil {
		return nil, fail(rcAt("9130", fmt.Sprint(pos.from), "Ungültiges Datum."))
	}
	if q.to, err = wire.ParseDate(seg.Str(pos.to)); err != nil {
		return nil, fail(rcAt("9130", fmt.Sprint(pos.to), "Ungültiges Datum."))
	}
	if !q.from.IsZero() && !q.to.IsZero() && q.to.Before(q.from) {
		return nil, fail(rcAt("9210", fmt.Sprint(pos.to), "Enddatum liegt vor dem Anfangsdatum."))
	}
	if s := seg.Str(pos.max); s != "" {
		n, ok := seg.Int(pos.max)
		if !ok || n < 1 || n > 9999 {
			return nil, fail(rcAt("9130", fmt.Sprint(pos.max), "Maximale Anzahl Einträge ungültig."))
		}
		q.max = n
	}
	q.touchdown = seg.Str(pos.touchdown)
	q.key = strings.Join([]string{seg.ID, fmt.Sprint(seg.Version), a.IBAN, q.from.Compact(),
		q.to.Compact(), fmt.Sprint(q.max), q.camt}, "|")
	return q, nil
}

// statements delivers one page of a query: the first, or the one a
// touchdown points at. Pages hold at most PageSize bookings (or the
// requested maximum); 3040 with a new touchdown announces the next one.
// Pending entries come with the last page.
func (c *msgCtx) statements(q *stmtQuery, cur *cursor) jobResult {
	var snap *snapshot
	offset := 0
	if cur != nil {
		snap, offset = cur.snap, cur.offset
	} else {
		r, err := c.b.ledger.Bookings(q.account.IBAN, q.from, q.to)
		if err != nil {
			c.b.log.Error("demobank: statements", "err", err)
			return jobResult{codes: fail(rc("9010", "Umsätze derzeit nicht verfügbar."))}
		}
		snap = &snapshot{booked: r.Booked, pending: r.Pending, opening: r.Opening}
		if q.max > 0 && q.from.IsZero() && q.to.IsZero() && len(snap.booked) > q.max {
			// Without dates the maximum means the latest n entries.
			cut := len(snap.booked) - q.max
			last := snap.booked[cut-1]
			snap.opening = statement.Balance{Amount: *last.RunningBalance, Currency: Currency, Date: last.BookingDate}
			snap.booked = snap.booked[cut:]
		}
	}
	if len(snap.booked) == 0 && len(snap.pending) == 0 {
		return jobResult{codes: fail(warnNone)}
	}
	size := c.b.pageSize
	if q.max > 0 && q.max < size {
		size = q.max
	}
	end := min(offset+size, len(snap.booked))
	last := end == len(snap.booked)
	var seg *wire.Segment
	var err error
	if q.camt != "" {
		seg, err = c.hicaz(q, snap, offset, end, last)
	} else {
		seg, err = c.hikaz(q, snap, offset, end, size, last)
	}
	if err != nil {
		c.b.log.Error("demobank: writing statements", "err", err)
		return jobResult{codes: fail(rc("9010", "Umsätze derzeit nicht verfügbar."))}
	}
	res := jobResult{data: []*wire.Segment{seg}}
	if last {
		res.codes = fail(okExecuted)
	} else {
		token := c.saveCursor(q.key, snap, end)
		res.codes = fail(rc("3040", "Es liegen weitere Informationen vor.", token))
	}
	return res
}
