package ui_test

// Tests of what the acceptance walk-through of the built binary found:
// each one pins a fix so that it stays fixed.

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saldo/theme"
	"saldo/ui"
	"saldo/ui/fakebackend"
	"saldo/ui/keypress"
)

// TestClearFilterOnlyWhenFiltered: the bar offered "c clear filter" with
// nothing to clear.
func TestClearFilterOnlyWhenFiltered(t *testing.T) {
	h := openStatement(t, 140, 40)
	h.mustNotSee("c clear filter")
	h.key("/")
	h.mustSee("Search counterparty, purpose") // not "Search search …"
	h.typ("rewe")
	h.key("enter")
	h.mustSee("c clear filter")
	h.key("c")
	h.mustNotSee("c clear filter", "Filter “rewe”")
}

// TestFilterSaysNoSuchDay: 31.02. has the right shape; the message says
// the day does not exist instead of repeating the format.
func TestFilterSaysNoSuchDay(t *testing.T) {
	h := openStatement(t, 80, 24)
	h.key("f", "tab", "tab", "tab", "tab")
	h.typ("31.02.2025")
	h.mustSee("no such day: type a date like 14.03.2025")
	h.key("enter")
	h.mustSee("Filter bookings")
}

// TestTransferAmountLimitNamed: the form said "more than the form
// accepts" without saying how much that is.
func TestTransferAmountLimitNamed(t *testing.T) {
	h := openTransfer(t)
	h.key("tab", "tab", "tab")
	h.mustSee("› Amount")
	h.typ("1234567890")
	h.mustSee("at most 999.999.999,99 € in one transfer")
}

// TestOutcomeTitleMatchesHeadline: the breadcrumb said "Transfer executed"
// under "accepted by the bank" (a scheduled transfer is not executed yet).
func TestOutcomeTitleMatchesHeadline(t *testing.T) {
	h := toTAN(t)
	h.waitFor("TAN required")
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
	h.mustSee("› Accepted", "s statement")
	h.mustNotSee("executed")
	h.key("s")
	h.waitFor("Counterparty")
}

// TestHelpInsideModals: ? (or F1 where the dialog takes text) shows the
// dialog's keys; before, dialogs swallowed both.
func TestHelpInsideModals(t *testing.T) {
	h := openTransfer(t)
	fillTransfer(h, "Erika", "5", "")
	h.key("y")
	h.waitFor("Payee check")
	h.mustSee("? help") // the payee check types nothing: ? works
	h.key("?")
	h.mustSee("Keys — Payee check", "send anyway", "This dialog takes all keys")
	h.key("esc")
	h.mustNotSee("Keys —")
	h.mustSee("Payee check") // still open below
	h.key("y")
	h.waitFor("TAN required")
	h.mustSee("f1 help") // the TAN field takes text: F1
	h.typ("?")
	h.mustNotSee("Keys —")
	h.key("f1")
	h.mustSee("Keys — TAN", "send TAN")
	h.key("f1")
	h.mustNotSee("Keys —")
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
}

// TestQuitWhileTransferInFlight: only an order on the wire gets the
// "cannot tell whether it was executed" warning; one waiting for the TAN
// is paused instead (TestQuitPausesPendingTANAndResumesAfterRestart).
func TestQuitWhileTransferInFlight(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Delay = 2 * time.Second }))
	h.waitFor("TAN required")
	h.typ("123456")
	h.send(keypress.Msg("enter")) // the order goes out; the bank takes 2 s
	h.send(keypress.Msg("ctrl+c"))
	h.mustSee("Quit while a transfer is being sent?", "cannot tell whether it was executed", "y quit anyway")
	h.key("n")
	h.waitFor("Transfer accepted")
}

// TestDecoupledSwitchKeyLikeTANDialog: the TAN dialog switches methods
// with tab; the app-approval view said m. Both now show tab.
func TestDecoupledSwitchKeyLikeTANDialog(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "942"; o.ApprovalWait = time.Hour }))
	h.waitFor("Confirm in your banking app")
	h.mustSee("tab other method", "? help")
	h.mustNotSee("m other method")
	h.key("m") // still works: nothing is typed here
	h.waitFor("TAN method · Saldo Demobank")
}

// TestPhotoTANSavedPathAbsolute: the saved file was named relative to
// wherever saldo was started.
func TestPhotoTANSavedPathAbsolute(t *testing.T) {
	h := toTANAt(t, 120, 40, withFake(func(o *fakebackend.Options) { o.Method = "913" }))
	h.waitFor("TAN required")
	h.key("ctrl+s")
	h.mustSee("Image saved to")
	// The path is wrapped in the modal; its start must be the absolute
	// directory.
	if !strings.Contains(h.view(), "Image saved to "+filepath.ToSlash(h.uo.SaveDir)[:20]) {
		t.Fatalf("saved path not absolute (SaveDir %s):\n%s", h.uo.SaveDir, h.view())
	}
}

// TestVaultCreationSaysCreating: the first start said "Unlocking" while it
// created the vault.
func TestVaultCreationSaysCreating(t *testing.T) {
	h := newHarness(t, 80, 24, withFake(func(o *fakebackend.Options) { o.Passphrase = ""; o.Delay = time.Second }))
	h.typ("long enough")
	h.key("enter")
	h.typ("long enough")
	h.send(keypress.Msg("enter"))
	h.mustSee("Creating the vault")
	h.mustNotSee("Unlocking")
	h.waitFor("Girokonto")
}

// TestHelpClosesWithItsDialog: help opened over the app-approval view
// goes when the approval arrives, instead of explaining a dialog that is
// gone.
func TestHelpClosesWithItsDialog(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "942"; o.Delay = 40 * time.Millisecond }))
	h.waitFor("Confirm in your banking app")
	h.key("?")
	h.mustSee("Keys — App approval")
	h.waitFor("Transfer accepted")
	h.mustNotSee("Keys —")
	h.mustSee("enter accounts")
}

// TestConfirmNeedsY: enter walks the form and reviews; an extra enter on
// the confirmation page sent the transfer unread (the page said "y send").
func TestConfirmNeedsY(t *testing.T) {
	h := openTransfer(t)
	fillTransfer(h, "Erika", "5", "")
	h.mustSee("Send this transfer?")
	before := len(h.be.Calls())
	h.key("enter", "enter")
	h.mustSee("Send this transfer?", "y send")
	for _, c := range h.be.Calls()[before:] {
		if strings.HasPrefix(c, "Transfer") {
			t.Fatalf("enter sent the transfer: %v", h.be.Calls()[before:])
		}
	}
	h.key("y")
	h.waitFor("Payee check")
}

// TestEnglishExamples: with English formats the placeholders showed German
// examples (99,99 and 01.01.2025), contradicting what the fields accept.
func TestEnglishExamples(t *testing.T) {
	english := withUI(func(o *ui.Options) { o.Lang = theme.English })
	h := openStatement(t, 80, 24, english)
	h.key("f")
	h.mustSee("e.g. 99.99", "e.g. 2025-01-01", "e.g. 2025-01-31")
	h.mustNotSee("99,99", "01.01.2025")
	h.key("esc", "t")
	h.waitFor("New SEPA transfer")
	h.mustSee("Amount      0.00")
}

// TestDetailsPaneSaysWhatIsCut: at 80×24 a direct debit's last details
// (creditor ID, bank reference, ID) were cut without a word; a taller
// window now shows them.
func TestDetailsPaneSaysWhatIsCut(t *testing.T) {
	h := openStatement(t, 80, 24)
	h.key("/")
	h.typ("Abschlag Strom")
	h.key("enter", "enter")
	h.mustSee("End-to-end", "4 more lines: a taller window shows them")
	tall := openStatement(t, 80, 40)
	tall.key("/")
	tall.typ("Abschlag Strom")
	tall.key("enter", "enter")
	tall.mustSee("Mandate", "Creditor ID", "Bank ref", "ID  ")
	tall.mustNotSee("more lines")
}
