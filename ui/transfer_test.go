package ui_test

import (
	"strings"
	"testing"

	"saldo/ui/fakebackend"
)

// openTransfer unlocks, logs in and opens the transfer form from the
// Girokonto.
func openTransfer(t *testing.T, opts ...harnessOpt) *harness {
	return openTransferAt(t, 80, 24, opts...)
}

func openTransferAt(t *testing.T, w, ht int, opts ...harnessOpt) *harness {
	h := newHarness(t, w, ht, opts...)
	h.unlock()
	h.pin()
	h.waitFor("synced just now")
	h.key("t")
	h.mustSee("New SEPA transfer", "Recipient", "IBAN", "Instant")
	return h
}

// fillTransfer fills the form: recipient completed from the address book.
func fillTransfer(h *harness, namePrefix, amount, purpose string) {
	h.typ(namePrefix)
	h.key("tab") // completes the name and fills IBAN/BIC from the address book
	h.key("tab") // BIC
	h.key("tab") // amount
	h.typ(amount)
	h.key("tab")
	h.typ(purpose)
	h.key("tab", "tab") // date, instant
	h.key("enter")      // review
}

func TestTransferWithCloseMatchAndTAN(t *testing.T) {
	h := openTransfer(t)
	fillTransfer(h, "Erika", "25", "Geschenk für Anna")
	h.mustSee("Send this transfer?", "Erika Musterfrau", "DE27 1007 7777 0209 2997 00", "25,00 €", "Geschenk fuer Anna", "as soon as possible")
	h.key("y")
	h.waitFor("Payee check")
	h.mustSee("≈ Close match", "Erika Mustermann", "send anyway", "do not send")
	h.key("enter") // enter must not release a payment to a non-matching name
	h.mustSee("Payee check")
	h.key("y")
	h.waitFor("TAN required")
	h.mustSee("smsTAN · Alex Handy", "Die TAN wurde per SMS")
	h.typ("000000")
	h.key("enter")
	h.waitFor("rejected the previous TAN (attempt 2)")
	h.typ("123456")
	h.mustNotSee("123456") // masked
	h.key("enter")
	h.waitFor("Transfer accepted by the bank")
	h.mustSee("Reference: DEMO-", "Payee check: close match")
	h.key("enter")
	h.mustSee("Total EUR")
	calls := strings.Join(h.be.Calls(), "\n")
	if !strings.Contains(calls, "Transfer demo DE27100777770209299700 25") {
		t.Fatalf("backend calls:\n%s", calls)
	}
}

func TestTransferPayeeCorrection(t *testing.T) {
	h := openTransfer(t)
	fillTransfer(h, "Erika", "10", "")
	h.key("y")
	h.waitFor("Payee check")
	h.key("e") // use the bank's name: back to the form
	h.waitFor("corrected to the name the bank has on record")
	h.mustSee("Erika Mustermann")
	h.key("enter") // the focus is still on the last field: review
	h.mustSee("Send this transfer?", "Erika Mustermann")
	h.key("y")
	h.waitFor("TAN required") // a full match asks nothing
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
	h.mustSee("Payee check: match")
}

func TestTransferOutcomes(t *testing.T) {
	tests := []struct{ amount, want, also string }{
		{"13,13", "Outcome unknown — check your statement before retrying", "Details: connection lost"}, // saldo's words, not the bank's
		{"66,60", "The bank rejected the transfer", "Nothing was paid"},
	}
	for _, tc := range tests {
		t.Run(tc.amount, func(t *testing.T) {
			h := openTransfer(t)
			fillTransfer(h, "Erika", tc.amount, "")
			h.key("y")
			h.waitFor("Payee check")
			h.key("y")
			h.waitFor("TAN required")
			h.typ("123456")
			h.key("enter")
			h.waitFor(tc.want)
			h.mustSee(tc.also)
		})
	}
}

func TestTransferFormValidation(t *testing.T) {
	h := openTransfer(t)
	h.typ("Jane Doe")
	h.key("tab")
	h.typ("DE89370400440532013001") // one digit wrong
	h.mustSee("check digits")
	h.key("backspace")
	h.typ("0")
	h.mustSee("✓ valid · Commerzbank")
	h.key("tab")
	h.mustSee("COBADEFF370", "DE89 3704 0044 0532 0130 00") // IBAN formatted on leaving the field
	h.key("tab")
	h.typ("12,345")
	h.mustSee("at most two decimal places")
	h.key("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.typ("-5")
	h.mustSee("more than zero")
	h.key("backspace", "backspace")
	h.typ("1.234,5")
	h.mustSee("1.234,50 €")
	h.key("tab")
	h.typ("Miete ✓")
	h.mustSee("“✓” (position 7) cannot be sent in a SEPA transfer")
	h.key("backspace")
	h.key("tab")
	h.typ("01.01.2020")
	h.mustSee("in the past")
	h.key("enter", "enter") // review refuses
	h.mustNotSee("Send this transfer?")
	h.key("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.key("tab", "space", "enter") // instant on
	h.mustSee("Send this transfer?", "Jane Doe", "1.234,50 €", "instant payment")
	h.key("e")
	h.mustSee("New SEPA transfer")
	h.key("esc") // a typed form is not thrown away at once
	h.mustSee("Discard this transfer?", "nothing has been sent")
	h.key("n")
	h.mustSee("New SEPA transfer", "Jane Doe", "1.234,5")
	h.mustNotSee("Discard this transfer?")
	h.key("esc", "y")
	h.mustSee("Total EUR")
}

// TestTransferFormEmptyEscLeaves: with nothing typed, esc leaves at once.
func TestTransferFormEmptyEscLeaves(t *testing.T) {
	h := openTransfer(t)
	h.mustSee("New SEPA transfer")
	h.key("esc")
	h.mustNotSee("Discard this transfer?")
	h.mustSee("Total EUR")
}

func TestTANCancelLeavesOrderUnsent(t *testing.T) {
	h := toTAN(t)
	h.waitFor("TAN required")
	h.key("esc")
	h.waitFor("Not sent: cancelled. Nothing was paid.")
	h.mustSee("Send this transfer?")
}

func TestFlickerTAN(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "911" }))
	h.waitFor("TAN required")
	h.mustSee("chipTAN optisch", "▼", "10 Hz", "size")
	size := sizeOf(h.view())
	h.key("-")
	if got := sizeOf(h.view()); got != size-1 {
		t.Fatalf("size %d after '-', was %d", got, size)
	}
	h.key("up", "up")
	h.mustSee("15 Hz")
	h.key("down")
	h.mustSee("12 Hz")
	h.typ("12x") // letters are refused for numeric TANs
	h.mustSee("digits only")
	h.typ("3456")
	h.key("enter")
	h.waitFor("Transfer accepted")
}

func sizeOf(view string) int {
	i := strings.Index(view, "size ")
	if i < 0 {
		return -1
	}
	n := 0
	for _, r := range view[i+5:] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// TestIBANCheckedWhileTyping: what can never become a valid IBAN is said at
// once; length and check digits wait for the whole IBAN. The BIC follows
// the IBAN while it is the derived one, and a BIC the person typed stays.
func TestIBANCheckedWhileTyping(t *testing.T) {
	h := openTransfer(t)
	h.typ("Jane Doe")
	h.key("tab")
	tests := []struct{ typed, want string }{
		{"D", ""},
		{"1", "starts with the two letters of the country"},
		{"DEX", "positions 3 and 4 of an IBAN are check digits"},
		{"XY12", "XY is not a SEPA country"},
		{"DE89 3704 A", "a German IBAN has only digits after DE"},
		{"DE89_", "“_” (position 5) cannot be part of an IBAN"},
		{"DE89370400440532013", ""}, // too short is no error yet
		{"DE8937040044053201300099", "a DE IBAN has 22 characters"},
	}
	for _, tc := range tests {
		h.key("ctrl+u")
		h.typ(tc.typed)
		if tc.want == "" {
			h.mustNotSee("IBAN has", "country", "check digits", "cannot be part")
			continue
		}
		h.mustSee(tc.want)
	}
	h.key("ctrl+u")
	h.typ("DE89370400440532013000")
	h.mustSee("✓ valid · Commerzbank", "COBADEFF370") // derived while typing
	h.key("ctrl+u")
	h.typ("DE02120300000000202051")
	h.mustSee("BYLADEM1001") // another bank: the derived BIC follows
	h.mustNotSee("COBADEFF370")
	h.key("ctrl+u")
	h.mustNotSee("BYLADEM1001") // no IBAN, no derived BIC
	h.key("tab")
	h.typ("GENODEF1XXX") // typed by the person
	h.key("shift+tab")
	h.typ("DE89370400440532013000")
	h.key("tab")
	h.mustSee("GENODEF1XXX")
	h.mustNotSee("COBADEFF370")
}

// TestInstantPaymentHasNoDate: an instant payment is executed at once, so
// the form refuses an execution date with it instead of dropping the date.
func TestInstantPaymentHasNoDate(t *testing.T) {
	h := openTransfer(t)
	h.typ("Erika")
	h.key("tab", "tab", "tab")
	h.typ("20")
	h.key("tab", "tab")
	h.typ("20.03.2025")
	h.key("tab", "space") // instant on
	h.mustSee("an instant payment is executed at once")
	h.key("enter")
	h.mustNotSee("Send this transfer?")
	h.mustSee("› Execute on") // the focus went to the date
	h.key("ctrl+u", "tab")
	h.mustNotSee("an instant payment is executed at once")
	h.key("enter")
	h.mustSee("Send this transfer?", "instant payment (within seconds)")
}

// TestPayeeNoMatchNotSent: a name that does not match the account holder
// needs an explicit choice; "no" sends nothing.
func TestPayeeNoMatchNotSent(t *testing.T) {
	h := openTransfer(t)
	h.typ("Max Power")
	h.key("tab")
	h.typ("DE27100777770209299700") // Erika Mustermann's account
	h.key("tab", "tab")
	h.typ("99")
	h.key("tab", "tab", "tab", "enter")
	h.mustSee("Send this transfer?", "Max Power")
	h.key("y")
	h.waitFor("Payee check")
	h.mustSee("✗ Name does not match", "may reach the wrong person", "send anyway", "do not send")
	h.mustNotSee("use “") // nothing to correct to
	h.key("enter")        // enter never releases a payment to a wrong name
	h.mustSee("Payee check")
	h.key("n")
	h.waitFor("Not sent")
	h.mustSee("Send this transfer?")
	h.mustNotSee("TAN required")
	h.key("esc", "esc", "y") // back to the accounts, discarding the form
	h.key("enter")
	h.waitFor("Counterparty")
	h.mustNotSee("Max Power") // no booking: the bank executed nothing
}
