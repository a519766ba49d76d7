package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"saldo/ui"
	"saldo/ui/fakebackend"
)

func loggedIn(t *testing.T, w, ht int, opts ...harnessOpt) *harness {
	h := newHarness(t, w, ht, opts...)
	h.unlock()
	h.pin()
	h.waitFor("synced just now")
	return h
}

func TestAddDemoBank(t *testing.T) {
	h := loggedIn(t, 80, 24)
	h.key("a")
	h.mustSee("Search", "Saldo Demobank", "Demohausen", "12030000")
	h.typ("commerzbank köln")
	h.mustSee("Commerzbank", "Köln")
	h.mustNotSee("Demohausen")
	h.key("ctrl+u")
	h.typ("demo")
	h.key("enter")
	h.mustSee("Add Saldo Demobank", "http://127.0.0.1:3000/fints", "User ID")
	h.key("enter") // empty user ID: moves on instead of submitting
	h.key("shift+tab")
	h.typ("alex")
	h.key("enter")
	h.waitFor("PIN for Saldo Demobank")
	h.typ("12345")
	h.key("enter")
	h.waitFor("TAN required")
	h.typ("123456")
	h.key("enter")
	h.waitFor("Added Saldo Demobank")
	if n := strings.Count(h.view(), "Saldo Demobank ·"); n != 2 {
		t.Fatalf("%d demo logins listed:\n%s", n, h.view())
	}
}

func TestAddUnreachableBankShowsError(t *testing.T) {
	h := loggedIn(t, 100, 30)
	h.key("a")
	h.typ("37040044")
	h.mustSee("Commerzbank")
	h.key("enter")
	h.typ("someone")
	h.key("enter")
	h.waitFor("Could not add the bank")
	h.mustSee("knows the Saldo Demobank")
}

func TestAddLoginRefusesPlainHTTP(t *testing.T) {
	h := loggedIn(t, 100, 30)
	h.key("a")
	h.typ("37040044")
	h.key("enter", "shift+tab", "ctrl+u")
	h.typ("http://fints.example.de/")
	h.key("tab")
	h.typ("someone")
	h.key("enter")
	h.mustSee("must start with https://")
}

func TestQuitPausesPendingTANAndResumesAfterRestart(t *testing.T) {
	h := toTAN(t)
	h.waitFor("TAN required")
	h.key("ctrl+c")
	h.mustSee("Quit while a transfer waits for you?")
	h.mustSee("offers to finish it")
	h.key("y")
	h.settle()
	if !h.quit {
		t.Fatalf("did not quit:\n%s", h.view())
	}
	if calls := strings.Join(h.be.Calls(), "\n"); !strings.Contains(calls, "Close") {
		t.Fatalf("Close not called:\n%s", calls)
	}
	h.restart(80, 24)
	before := len(h.be.Calls())
	h.unlock()
	h.waitFor("A TAN was pending when saldo quit")
	h.mustSee("Transfer 5,00 € to Erika Musterfrau")
	h.key("r")
	h.waitFor("PIN for") // a new session needs the PIN again
	h.typ("12345")
	h.key("enter")
	h.waitFor("TAN required")
	// One operation per login at a time: the background sync of the start
	// waits for the resumed transfer instead of asking for a TAN of its own.
	if calls := strings.Join(h.be.Calls()[before:], "\n"); strings.Contains(calls, "Sync") || !strings.Contains(calls, "ResumeTAN") {
		t.Fatalf("calls while the resumed transfer waits for its TAN:\n%s", calls)
	}
	h.mustSee("Resuming transfer 5,00 €") // mid-sentence, not "Resuming Transfer"
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
	h.mustSee("Transfer 5,00 € to Erika Musterfrau", "Accounts › Accepted")
	// The order itself is not at hand after a restart, so there is no
	// account to open: the bar must not offer "s statement".
	h.mustNotSee("s statement")
	h.waitCall(before, "Sync demo") // then the login syncs, to show the payment
}

func TestDiscardPendingTAN(t *testing.T) {
	h := toTAN(t)
	h.waitFor("TAN required")
	h.key("ctrl+c", "y")
	h.restart(80, 24)
	h.unlock()
	h.waitFor("A TAN was pending")
	h.key("d")
	h.mustSee("Discard this operation?")
	h.key("y")
	h.waitFor("Discarded")
	h.restart(80, 24)
	h.unlock()
	h.mustNotSee("A TAN was pending")
}

func TestQuitSavesState(t *testing.T) {
	h := loggedIn(t, 80, 24)
	h.key("q")
	h.settle()
	if !h.quit {
		t.Fatal("q did not quit")
	}
	if calls := h.be.Calls(); calls[len(calls)-1] != "Close" {
		t.Fatalf("last call %q", calls[len(calls)-1])
	}
}

func TestHelpFollowsScreen(t *testing.T) {
	h := loggedIn(t, 80, 24)
	h.mustSee("enter statement", "t transfer")
	h.key("?")
	h.mustSee("Keys — Accounts", "add bank", "TAN method", "quit")
	h.key("esc")
	h.key("enter")
	h.waitFor("Counterparty")
	h.mustSee("/ search", "f filter")
	h.key("?")
	h.mustSee("Keys — Girokonto", "export", "older")
	h.key("esc", "t")
	// in a form, ? is text; f1 opens help
	h.typ("?")
	h.mustNotSee("Keys —")
	h.key("f1")
	h.mustSee("Keys — Transfer")
}

func TestTANMethodChoice(t *testing.T) {
	h := loggedIn(t, 80, 24)
	h.key("m")
	h.mustSee("TAN method · Saldo Demobank", "✓ smsTAN · typed TAN", "chipTAN optisch · chipTAN optical")
	h.key("down", "down", "down", "enter")
	h.waitFor("now uses pushTAN 2.0")
	h.key("m")
	h.mustSee("✓ pushTAN 2.0")
	h.key("esc", "m", "up", "up", "up", "enter")
	h.mustSee("TAN medium", "Alex Handy (+49 171 ***1234)", "Zweithandy")
	h.key("down", "enter")
	h.waitFor("now uses smsTAN")
}

// Nothing may be cut off or overflow: every line of every screen is exactly
// as wide as the terminal, at the smallest supported size and after resizes.
func TestResizeKeepsLayout(t *testing.T) {
	h := loggedIn(t, 120, 40, withFake(func(o *fakebackend.Options) { o.SecondLogin = true }))
	check := func(w, ht int) {
		t.Helper()
		h.send(tea.WindowSizeMsg{Width: w, Height: ht})
		h.settle()
		lines := strings.Split(h.m.View().Content, "\n")
		if len(lines) != ht {
			t.Fatalf("%dx%d: %d lines", w, ht, len(lines))
		}
		for i, l := range lines {
			if got := ansi.StringWidth(l); got != w {
				t.Fatalf("%dx%d: line %d is %d wide: %q", w, ht, i, got, ansi.Strip(l))
			}
		}
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 20}, {200, 60}} {
		check(size[0], size[1])
	}
	h.key("enter", "enter")
	check(80, 24)
	check(130, 40)
	h.key("esc", "esc", "t")
	check(80, 24)
	check(50, 16)
}

func TestStartUnlocked(t *testing.T) {
	h := newHarness(t, 80, 24, withUI(func(o *ui.Options) { o.Unlocked = true; o.Demo = true }),
		withFake(func(o *fakebackend.Options) { o.Unlocked = true }))
	h.waitFor("Girokonto")
	h.mustSee("DEMO", "PIN for") // the fake still asks for the PIN; the real demo knows it
	h.mustNotSee("Passphrase")
}

// TestAccountsNavigation: arrows and j/k move over the accounts of every
// login, skipping the login headings; enter opens the one under the
// cursor; g/G jump to the first and last account; totals are per currency.
func TestAccountsNavigation(t *testing.T) {
	h := loggedIn(t, 80, 24, withFake(func(o *fakebackend.Options) { o.SecondLogin = true }))
	h.pin()
	h.waitFor("Musterbank Berlin · alex.b · synced just now")
	h.mustSee("Total EUR", "14.722,22 €", "Total USD", "1.999,99 $")
	open := func(want string) {
		t.Helper()
		h.key("enter")
		h.waitFor("Counterparty")
		h.mustSee("Accounts › " + want)
		h.key("esc")
		h.mustSee("Total EUR")
	}
	open("Girokonto · Alex Beispiel")
	h.key("j", "down") // over the heading of the second login
	open("Girokonto Plus · Alex Beispiel")
	h.key("k")
	open("Tagesgeld · Alex Beispiel")
	h.key("G")
	h.mustSee("Dollar-Konto")
	h.key("enter")
	h.waitFor("Accounts › Dollar-Konto")
	h.key("esc", "g", "up") // up at the first account stays there
	open("Girokonto · Alex Beispiel")
}
