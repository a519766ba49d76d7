package demobank

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"

	"saldo/fints/bankdir"
	"saldo/fints/pain"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

// Payments (§4.5–§4.7): HKCCS (SEPA credit transfer), HKIPZ (instant) and
// HKCSE (scheduled), each with one pain.001 document. Every payment needs
// a TAN; where the payee check applies (vop.go) the order waits for it
// first. Executed orders go through the ledger, so balances and statements
// change; the bank refuses an order it has seen before with 9390.

// Lead days for scheduled transfers (HICSES), matching the ledger's order
// book.
const (
	minLeadDays = 1
	maxLeadDays = maxAheadDays
)

// paymentKinds describes the three payment jobs.
var paymentKinds = map[string]struct {
	operation string // what the challenge authorises
	instant   bool
	scheduled bool
}{
	"HKCCS": {operation: "SEPA-Überweisung"},
	"HKIPZ": {operation: "Echtzeit-Überweisung", instant: true},
	"HKCSE": {operation: "terminierte Überweisung", scheduled: true},
}

func init() {
	registerJob(&jobSpec{id: "HKCCS", versions: []int{1}, maxPerMsg: 1, accountJob: true, prepare: preparePayment})
	registerJob(&jobSpec{
		id: "HKIPZ", versions: []int{1, 2}, maxPerMsg: 1, accountJob: true, prepare: preparePayment,
		params: func(v int) wire.DE {
			// [Umwandlung zulässig (v2)], zulässige Purpose Codes (none
			// listed, as most banks), SEPA-Datenformate.
			vals := append([]string{""}, painFormats...)
			if v >= 2 {
				vals = append([]string{"N"}, vals...)
			}
			return wire.S(vals...)
		},
	})
	registerJob(&jobSpec{
		id: "HKCSE", versions: []int{1}, maxPerMsg: 1, accountJob: true, prepare: preparePayment,
		params: func(int) wire.DE { return wire.S(fmt.Sprint(minLeadDays), fmt.Sprint(maxLeadDays)) },
	})
}

// order is a checked payment.
type order struct {
	job     string
	version int // of the job segment: answers carry the same version
	t       TransferOrder
	msgID   string
	pmtInf  string
	doc     []byte
}

// preparePayment checks a payment job: account, pain.001, dates, the
// bank code of the payee, duplicates and funds; then the payee check. A
// checked order is TAN-relevant (HIPINS J) and always needs SCA.
func preparePayment(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
	o, errs := c.readOrder(seg)
	if errs != nil {
		return nil, errs
	}
	if ref, dup := c.b.pay.duplicate(c.u.login.UserID, o.t.FromIBAN, o.msgID, o.t.EndToEndID); dup {
		return nil, fail(rc("9390", clip("Doppelte Einreichung: Auftrag bereits unter Referenz "+ref+" ausgeführt.", 80)))
	}
	if err := c.b.ledger.checkTransfer(o.t); err != nil {
		return nil, fail(ledgerCode(err))
	}
	hold, errs := c.payeeGate(seg, o)
	if errs != nil {
		return nil, errs
	}
	kind := paymentKinds[o.job]
	what := fmt.Sprintf("%s über %s EUR an %s", kind.operation, o.t.Amount.Format(true), o.t.ToName)
	if kind.scheduled {
		what += " zum " + germanDate(o.t.ExecutionDate)
	}
	iban := o.t.ToIBAN
	return &jobCall{
		sca: true, operation: what, hold: hold,
		hhd: []string{iban[max(len(iban)-10, 0):], o.t.Amount.Format(true)},
		run: func(c *msgCtx) jobResult { return c.executeOrder(o) },
	}, nil
}

// readOrder reads and checks the job segment and its pain.001.
func (c *msgCtx) readOrder(seg *wire.Segment) (order, []wire.ReturnCode) {
	o := order{job: seg.ID, version: seg.Version}
	acct, errs := c.accountOf(wire.ParseKTI(seg.Group(2), 1))
	if errs != nil {
		return o, errs
	}
	desc, doc := seg.Str(3), seg.Bin(4)
	if !slices.Contains(painFormats, desc) {
		return o, fail(rcAt("9210", "3", clip("SEPA-Datenformat nicht unterstützt: "+desc, 80)))
	}
	if len(doc) == 0 {
		return o, fail(rcAt("9160", "4", "SEPA-Nachricht (pain.001) fehlt."))
	}
	d, err := pain.Parse(doc)
	if err != nil {
		return o, fail(rcAt("9130", "4", clip("pain.001 nicht lesbar: "+err.Error(), 80)))
	}
	if err := d.CheckSingle(desc, acct.IBAN); err != nil {
		return o, fail(painCode(err))
	}
	t, err := d.Transfer()
	if err != nil {
		return o, fail(rcAt("9130", "4", clip("pain.001: "+err.Error(), 80)))
	}
	if code, bad := unknownBankCode(t.CreditorIBAN); bad {
		return o, fail(code)
	}
	kind := paymentKinds[seg.ID]
	o.t = TransferOrder{
		FromIBAN: acct.IBAN, DebtorName: t.DebtorName, ToName: t.CreditorName, ToIBAN: t.CreditorIBAN,
		ToBIC: t.CreditorBIC, Amount: t.Amount, Currency: t.Currency, Purpose: t.Purpose,
		EndToEndID: t.EndToEndID, Instant: kind.instant,
	}
	if o.t.EndToEndID == pain.NotProvided {
		o.t.EndToEndID = ""
	}
	o.msgID, o.pmtInf, o.doc = d.MsgID, d.Payments[0].ID, doc
	date := statement.DateOf(d.Payments[0].ExecutionDate)
	today := c.b.ledger.Today()
	switch {
	case kind.scheduled:
		if date.Before(today.AddDays(minLeadDays)) || date.After(today.AddDays(maxLeadDays)) {
			return o, fail(rcAt("9210", "4", fmt.Sprintf("Ausführungsdatum %s nicht zulässig: %d bis %d Tage im Voraus.",
				germanDate(date), minLeadDays, maxLeadDays)))
		}
		o.t.ExecutionDate = date
	case date.After(today):
		return o, fail(rcAt("9210", "4", "Datum in der Zukunft: bitte als terminierte Überweisung (HKCSE) senden."))
	}
	return o, nil
}

// unknownBankCode refuses German IBANs whose bank code no bank uses: the
// check digits can be right for a mistyped bank code.
func unknownBankCode(iban string) (wire.ReturnCode, bool) {
	if !strings.HasPrefix(iban, "DE") || len(iban) != 22 {
		return wire.ReturnCode{}, false
	}
	blz := iban[4:12]
	if blz == BankCode {
		return wire.ReturnCode{}, false
	}
	if _, ok := bankdir.Lookup(blz); ok {
		return wire.ReturnCode{}, false
	}
	return rcAt("9210", "4", "IBAN ungültig: Bankleitzahl "+blz+" unbekannt."), true
}

// painCode maps pain.001 validation errors to a return code.
func painCode(err error) wire.ReturnCode {
	var fe *pain.FieldError
	if errors.As(err, &fe) && strings.Contains(fe.Field, "IBAN") {
		return rcAt("9210", "4", clip("IBAN ungültig ("+fe.Field+"): "+fe.Err.Error(), 80))
	}
	return rcAt("9210", "4", clip("Auftrag ungültig: "+err.Error(), 80))
}

// ledgerCode maps the ledger's errors: 9230 for missing funds, 9210 for
// everything else, with a German text and the detail.
func ledgerCode(err error) wire.ReturnCode {
	switch {
	case errors.Is(err, ErrInsufficientFunds):
		return rc("9230", clip("Kontodeckung nicht ausreichend ("+strings.TrimPrefix(err.Error(), ErrInsufficientFunds.Error()+": ")+").", 80))
	case errors.Is(err, ErrInvalidIBAN):
		return rcAt("9210", "4", "IBAN des Zahlungsempfängers ungültig.")
	case errors.Is(err, ErrUnknownAccount):
		return rcAt("9210", "2", "Konto unbekannt oder für diesen Benutzer nicht freigegeben.")
	case errors.Is(err, ErrNotAllowed):
		return rcAt("9210", "4", clip("Auftrag für dieses Konto nicht zulässig: "+detail(err), 80))
	}
	return rcAt("9210", "4", clip("Auftrag ungültig: "+detail(err), 80))
}

// detail is the ledger error without its sentinel prefix.
func detail(err error) string {
	s := err.Error()
	for _, e := range []error{ErrInvalidOrder, ErrNotAllowed} {
		s = strings.TrimPrefix(s, e.Error()+": ")
	}
	return s
}

// executeOrder runs a released order: booked now, or placed in the order
// book for its date. It answers as real banks do: 0020 for an executed
// transfer, HIIPZ for an instant one, 0010 and HICSE with the order id for
// a scheduled one.
func (c *msgCtx) executeOrder(o order) jobResult {
	user := c.u.login.UserID
	if ref, dup := c.b.pay.duplicate(user, o.t.FromIBAN, o.msgID, o.t.EndToEndID); dup {
		return jobResult{codes: fail(rc("9390", clip("Doppelte Einreichung: Auftrag bereits unter Referenz "+ref+" ausgeführt.", 80)))}
	}
	res, err := c.b.ledger.Transfer(o.t)
	if err != nil {
		return jobResult{codes: fail(ledgerCode(err))}
	}
	c.b.pay.record(user, o.t.FromIBAN, o.msgID, o.t.EndToEndID, res.Reference)
	if c.b.faults.DropAfterPayment > 0 {
		c.b.faults.DropAfterPayment--
		c.b.pay.dropAnswer = true
		c.b.log.Info("demobank: fault: the answer to this executed payment will be dropped", "reference", res.Reference)
	}
	version := o.version
	switch o.job {
	case "HKIPZ":
		// Status 7: executed, funds available to the payee.
		return jobResult{codes: fail(rc("0020", "Echtzeit-Überweisung ausgeführt.")),
			data: []*wire.Segment{wire.NewSegment("HIIPZ", version, wire.S(res.Reference), nil, wire.S("7"))}}
	case "HKCSE":
		return jobResult{codes: fail(rc("0010", "Terminierte Überweisung zum "+germanDate(res.ExecutionDate)+" angenommen.")),
			data: []*wire.Segment{wire.NewSegment("HICSE", version, wire.S(res.Reference))}}
	}
	return jobResult{codes: fail(rc("0020", "SEPA-Überweisung ausgeführt."))}
}

// docDigest identifies a pain.001 document, so an HKVPA releases only the
// order that was checked.
func docDigest(doc []byte) [sha256.Size]byte {
	return sha256.Sum256(bytes.TrimSpace(doc))
}
