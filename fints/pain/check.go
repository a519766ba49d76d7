package pain

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"saldo/fints/sepa"
)

// CheckSingle applies the rules a bank enforces on HKCCS, HKIPZ and HKCSE:
// the namespace equals the descriptor sent in the segment, exactly one
// payment block with exactly one transaction, the debtor IBAN equals the
// account named in the segment, valid IBANs and BICs, an EUR amount in
// 0.01..999999999.99 with at most two decimals, SEPA identifiers, and names
// and purpose within their lengths and the (German) SEPA character set.
// Every violation is reported, each as a *FieldError.
func (d *Document) CheckSingle(descriptor, debtorIBAN string) error {
	var errs []error
	bad := func(field string, err error) { errs = append(errs, &FieldError{field, err}) }

	if v, err := VersionFromDescriptor(descriptor); err != nil || v != d.Version {
		bad("namespace", fmt.Errorf("document is %s but the segment announces %q", d.Version, descriptor))
	}
	if len(d.Payments) != 1 || len(d.Payments[0].Transactions) != 1 {
		n := 0
		for _, p := range d.Payments {
			n += len(p.Transactions)
		}
		bad("document", fmt.Errorf("a single transfer needs exactly one PmtInf with one transaction, got %d blocks and %d transactions", len(d.Payments), n))
		return errors.Join(errs...)
	}
	if err := sepa.CheckID(d.MsgID); err != nil {
		bad("MsgId", err)
	}
	p := d.Payments[0]
	tx := p.Transactions[0]
	if p.Method != "TRF" {
		bad("PmtMtd", fmt.Errorf("%q, want TRF", p.Method))
	}
	if err := sepa.CheckID(p.ID); err != nil {
		bad("PmtInfId", err)
	}
	if err := sepa.ValidateIBAN(p.DebtorIBAN); err != nil {
		bad("debtor IBAN", err)
	}
	if debtorIBAN != "" && sepa.NormalizeIBAN(debtorIBAN) != sepa.NormalizeIBAN(p.DebtorIBAN) {
		bad("debtor IBAN", fmt.Errorf("%s is not the ordering account %s", p.DebtorIBAN, sepa.NormalizeIBAN(debtorIBAN)))
	}
	if p.DebtorBIC != "" {
		if err := sepa.ValidateBIC(p.DebtorBIC); err != nil {
			bad("debtor BIC", err)
		}
	}
	if err := sepa.ValidateIBAN(tx.CreditorIBAN); err != nil {
		bad("creditor IBAN", err)
	}
	if tx.CreditorBIC != "" {
		if err := sepa.ValidateBIC(tx.CreditorBIC); err != nil {
			bad("creditor BIC", err)
		}
	}
	if tx.Currency != "EUR" {
		bad("currency", fmt.Errorf("SEPA transfers are in EUR, not %q", tx.Currency))
	}
	if err := checkAmount(tx.Amount); err != nil {
		bad("amount", err)
	}
	if err := sepa.CheckID(tx.EndToEndID); err != nil {
		bad("EndToEndId", err)
	}
	checkText := func(field, s string, max int, required bool) {
		switch {
		case s == "" && required:
			bad(field, errors.New("missing"))
		case utf8.RuneCountInString(s) > max:
			bad(field, fmt.Errorf("%d characters, at most %d allowed", utf8.RuneCountInString(s), max))
		default:
			if err := sepa.Check(s, sepa.German); err != nil {
				bad(field, err)
			}
		}
	}
	checkText("debtor name", p.DebtorName, MaxNameLen, true)
	checkText("creditor name", tx.CreditorName, MaxNameLen, true)
	checkText("purpose", tx.Purpose, MaxPurposeLen, false)
	return errors.Join(errs...)
}

// Transfer turns a single-transfer document back into a Transfer (what the
// demo bank books). It fails unless the document holds exactly one
// transaction.
func (d *Document) Transfer() (Transfer, error) {
	if len(d.Payments) != 1 || len(d.Payments[0].Transactions) != 1 {
		return Transfer{}, fmt.Errorf("pain.001: not a single transfer (%d payment blocks)", len(d.Payments))
	}
	p := d.Payments[0]
	tx := p.Transactions[0]
	t := Transfer{
		DebtorName: p.DebtorName, DebtorIBAN: p.DebtorIBAN, DebtorBIC: p.DebtorBIC,
		CreditorName: tx.CreditorName, CreditorIBAN: tx.CreditorIBAN, CreditorBIC: tx.CreditorBIC,
		Amount: tx.Amount, Currency: tx.Currency, Purpose: tx.Purpose, EndToEndID: tx.EndToEndID,
		Instant: p.LocalInstrument == "INST", MsgID: d.MsgID, PmtInfID: p.ID,
	}
	if !p.ExecutionDate.Equal(ASAP) {
		t.ExecutionDate = p.ExecutionDate
	}
	return t, nil
}
