package ui_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"saldo/ui/fakebackend"
)

// Golden files of every main screen at 80×24 and 120×40, as plain text.
// Regenerate with: go test ./ui/ -run TestGolden -update
func TestGolden(t *testing.T) {
	scenes := []struct {
		name string
		opts []harnessOpt
		run  func(h *harness)
	}{
		{"unlock", nil, func(h *harness) {}},
		{"new-vault", []harnessOpt{withFake(func(o *fakebackend.Options) { o.Passphrase = "" })}, func(h *harness) {
			h.typ("abc")
			h.key("enter", "enter")
		}},
		{"pin", nil, func(h *harness) { h.unlock(); h.waitFor("PIN for") }},
		{"accounts", []harnessOpt{withFake(func(o *fakebackend.Options) { o.SecondLogin = true })}, func(h *harness) {
			h.unlock()
			h.pin() // two syncs ask in any order
			h.pin()
			h.waitFor("Musterbank Berlin · alex.b · synced just now")
		}},
		{"statement", nil, func(h *harness) { toStatement(h) }},
		{"statement-details", nil, func(h *harness) { toStatement(h); h.key("j", "j", "j", "enter") }},
		{"statement-search", nil, func(h *harness) { toStatement(h); h.key("/"); h.typ("bahn") }},
		{"statement-filter", nil, func(h *harness) { toStatement(h); h.key("f", "tab"); h.typ("50") }},
		{"transfer-form", nil, func(h *harness) {
			toAccounts(h)
			h.key("t")
			h.typ("Erika")
			h.key("tab", "tab", "tab")
			h.typ("12,5")
		}},
		{"transfer-confirm", nil, func(h *harness) { toAccounts(h); h.key("t"); fillTransfer(h, "Erika", "25", "Geschenk") }},
		{"vop-close-match", nil, func(h *harness) {
			toAccounts(h)
			h.key("t")
			fillTransfer(h, "Erika", "25", "Geschenk")
			h.key("y")
			h.waitFor("Payee check")
		}},
		{"tan-manual", nil, func(h *harness) { toTANScreen(h) }},
		{"tan-flicker", []harnessOpt{withFake(func(o *fakebackend.Options) { o.Method = "911" })}, func(h *harness) { toTANScreen(h) }},
		{"tan-photo", []harnessOpt{withFake(func(o *fakebackend.Options) { o.Method = "913" })}, func(h *harness) { toTANScreen(h) }},
		{"tan-decoupled", []harnessOpt{withFake(func(o *fakebackend.Options) { o.Method = "942"; o.ApprovalWait = time.Hour })}, func(h *harness) {
			toAccounts(h)
			h.key("t")
			fillTransfer(h, "Erika", "25", "Geschenk")
			h.key("y")
			h.waitFor("Payee check")
			h.key("y")
			h.waitFor("Confirm in your banking app")
		}},
		{"tan-methods", nil, func(h *harness) { toTANScreen(h); h.key("tab") }},
		{"outcome-executed", nil, func(h *harness) { toTANScreen(h); h.typ("123456"); h.key("enter"); h.waitFor("accepted") }},
		{"outcome-unknown", nil, func(h *harness) {
			toAccounts(h)
			h.key("t")
			fillTransfer(h, "Erika", "13,13", "")
			h.key("y")
			h.waitFor("Payee check")
			h.key("y")
			h.waitFor("TAN required")
			h.typ("123456")
			h.key("enter")
			h.waitFor("Outcome unknown")
		}},
		{"bank-picker", nil, func(h *harness) { toAccounts(h); h.key("a"); h.typ("sparkasse köln") }},
		{"add-login", nil, func(h *harness) { toAccounts(h); h.key("a", "enter") }},
		{"help", nil, func(h *harness) { toStatement(h); h.key("?") }},
		{"resume", nil, func(h *harness) {
			toTANScreen(h)
			h.key("ctrl+c", "y")
			h.restart(h.w, h.h)
			h.unlock()
			h.waitFor("A TAN was pending")
		}},
	}
	for _, sc := range scenes {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				t.Parallel() // each scene has its own fake backend and clock
				h := newHarness(t, size[0], size[1], sc.opts...)
				sc.run(h)
				h.settle()
				view := h.view()
				// nothing cut off, nothing overflowing: the frame is exact
				lines := strings.Split(view, "\n")
				if len(lines) != size[1] {
					t.Fatalf("%d lines", len(lines))
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w != size[0] {
						t.Fatalf("line %d is %d wide: %q", i, w, l)
					}
				}
				golden.RequireEqual(t, view)
			})
		}
	}
}

func toAccounts(h *harness) {
	h.unlock()
	h.pin()
	h.waitFor("synced just now")
}

func toStatement(h *harness) {
	toAccounts(h)
	h.key("enter")
	h.waitFor("Counterparty")
}

func toTANScreen(h *harness) {
	toAccounts(h)
	h.key("t")
	fillTransfer(h, "Erika", "25", "Geschenk")
	h.key("y")
	h.waitFor("Payee check")
	h.key("y")
	h.waitFor("TAN required")
}
