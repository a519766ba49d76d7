package pain

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"saldo/fints/money"
	"saldo/fints/sepa"
)

// ErrInvalid is wrapped by every validation error of this package.
var ErrInvalid = errors.New("invalid SEPA transfer")

// FieldError says which field is wrong and why.
type FieldError struct {
	Field string // e.g. "creditor IBAN"
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// Is makes every FieldError match ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Prepare checks t and returns the form that will be written: IBANs and
// BICs normalised, names and purpose transliterated to t.Charset, defaults
// filled in (EUR, NOTPROVIDED, generated IDs, creation time). All problems
// are reported at once, each as a *FieldError naming the field.
func Prepare(t Transfer) (Transfer, error) {
	var errs []error
	bad := func(field string, err error) { errs = append(errs, &FieldError{field, err}) }

	t.DebtorIBAN = sepa.NormalizeIBAN(t.DebtorIBAN)
	if err := sepa.ValidateIBAN(t.DebtorIBAN); err != nil {
		bad("debtor IBAN", err)
	}
	t.CreditorIBAN = sepa.NormalizeIBAN(t.CreditorIBAN)
	if err := sepa.ValidateIBAN(t.CreditorIBAN); err != nil {
		bad("creditor IBAN", err)
	}
	t.DebtorBIC = sepa.NormalizeBIC(t.DebtorBIC)
	if t.DebtorBIC != "" {
		if err := sepa.ValidateBIC(t.DebtorBIC); err != nil {
			bad("debtor BIC", err)
		}
	}
	t.CreditorBIC = sepa.NormalizeBIC(t.CreditorBIC)
	if t.CreditorBIC != "" {
		if err := sepa.ValidateBIC(t.CreditorBIC); err != nil {
			bad("creditor BIC", err)
		}
	}

	var err error
	if t.DebtorName, err = cleanText(t.DebtorName, t.Charset, MaxNameLen, true); err != nil {
		bad("debtor name", err)
	}
	if t.CreditorName, err = cleanText(t.CreditorName, t.Charset, MaxNameLen, true); err != nil {
		bad("creditor name", err)
	}
	if t.Purpose, err = cleanText(t.Purpose, t.Charset, MaxPurposeLen, false); err != nil {
		bad("purpose", err)
	}

	if err := checkAmount(t.Amount); err != nil {
		bad("amount", err)
	}
	t.Currency = t.currency()
	if t.Currency != "EUR" {
		bad("currency", fmt.Errorf("SEPA transfers are in EUR, not %q", t.Currency))
	}

	t.EndToEndID = strings.TrimSpace(t.EndToEndID)
	if t.EndToEndID == "" {
		t.EndToEndID = NotProvided
	}
	if err := sepa.CheckID(t.EndToEndID); err != nil {
		bad("end-to-end reference", err)
	}
	if t.Created.IsZero() {
		t.Created = time.Now()
	}
	if t.MsgID == "" {
		t.MsgID = NewID("M", t.Created)
	}
	if err := sepa.CheckID(t.MsgID); err != nil {
		bad("message ID", err)
	}
	if t.PmtInfID == "" {
		t.PmtInfID = NewID("P", t.Created)
	}
	if err := sepa.CheckID(t.PmtInfID); err != nil {
		bad("payment information ID", err)
	}
	if !t.ExecutionDate.IsZero() && t.ExecutionDate.Year() < 1999 {
		bad("execution date", fmt.Errorf("%s is before 1999-01-01", t.ExecutionDate.Format("2006-01-02")))
	}
	if len(errs) > 0 {
		return t, errors.Join(errs...)
	}
	return t, nil
}

// cleanText trims, collapses inner whitespace, transliterates and checks the
// length after transliteration (umlauts grow: "Ü" → "Ue").
func cleanText(s string, cs sepa.Charset, max int, required bool) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		if required {
			return "", errors.New("must not be empty")
		}
		return "", nil
	}
	out, err := sepa.Transliterate(s, cs)
	if err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(out); n > max {
		return "", fmt.Errorf("%d characters (after replacing special characters), at most %d allowed", n, max)
	}
	return out, nil
}

func checkAmount(a money.Amount) error {
	switch {
	case a.Cmp(MinAmount) < 0:
		return fmt.Errorf("%s is below the minimum of 0.01", a)
	case a.Cmp(MaxAmount) > 0:
		return fmt.Errorf("%s is above the SEPA maximum of 999999999.99", a)
	case a.Decimals() > 2:
		return fmt.Errorf("%s has more than two decimal places", a)
	}
	return nil
}

// NewID returns a unique SEPA identifier (≤35 characters of the restricted
// set): "SALDO", a kind letter, the creation time and 40 random bits, e.g.
// "SALDO-M-20250115102000-9F3A1C07B2".
func NewID(kind string, created time.Time) string {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back to
		// the clock so an ID is still produced.
		n := time.Now().UnixNano()
		for i := range b {
			b[i] = byte(n >> (8 * i))
		}
	}
	return "SALDO-" + kind + "-" + created.Format("20060102150405") + "-" + strings.ToUpper(hex.EncodeToString(b[:]))
}
