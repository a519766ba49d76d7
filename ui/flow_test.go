package ui_test

import (
	"strings"
	"testing"

	"saldo/ui/fakebackend"
)

func TestUnlockShowsCachedAccountsAndSyncs(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.mustSee("Unlock your vault", "Passphrase")
	h.typ("wrong")
	h.key("enter")
	h.waitFor("Wrong passphrase")
	h.unlock()
	// cached state is shown at once, while the sync asks for the PIN
	h.mustSee("Saldo Demobank", "Girokonto", "2.345,67 €", "Tagesgeld", "12.500,00 €", "Total EUR", "14.845,67 €")
	h.pin()
	h.waitFor("synced just now")
	h.mustSee("Saldo Demobank ✓ just now")
}

func TestFirstStartCreatesVault(t *testing.T) {
	h := newHarness(t, 80, 24, withFake(func(o *fakebackend.Options) { o.Passphrase = "" }))
	h.mustSee("Welcome to saldo", "Repeat")
	h.typ("short")
	h.key("enter")
	h.typ("short")
	h.key("enter")
	h.mustSee("at least 8 characters")
	h.key("backspace", "backspace", "backspace", "backspace", "backspace")
	h.typ("long enough")
	h.key("enter")
	h.typ("long enougx")
	h.key("enter")
	h.mustSee("The two passphrases differ")
	h.typ("long enough")
	h.key("enter")
	h.waitFor("Girokonto")
	if calls := strings.Join(h.be.Calls(), ","); !strings.Contains(calls, "Unlock create=true") {
		t.Fatalf("calls %s", calls)
	}
}
