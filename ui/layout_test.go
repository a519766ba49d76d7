package ui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"saldo/ui/fakebackend"
)

// TestNothingCutOffAtAnyWidth resizes every main screen and modal through
// every width from 80 to 140 columns (and three heights) and checks what a
// person would notice first: the frame is exact, modal frames are whole,
// the help bar never cuts an item in half (it ends with "… ? more"), and
// the statement's summary line ends with a whole part.
func TestNothingCutOffAtAnyWidth(t *testing.T) {
	scenes := []struct {
		name string
		opts []harnessOpt
		run  func(h *harness)
	}{
		{"accounts", nil, func(h *harness) { toAccounts(h) }},
		{"accounts-notice", nil, func(h *harness) {
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
			h.key("enter")
			h.waitFor("has no final answer")
		}},
		{"statement", nil, func(h *harness) { toStatement(h) }},
		{"statement-details", nil, func(h *harness) { toStatement(h); h.key("enter") }},
		{"statement-search", nil, func(h *harness) { toStatement(h); h.key("/"); h.typ("miete wohnung") }},
		{"statement-filter", nil, func(h *harness) {
			toStatement(h)
			h.key("f")
			h.typ("ein sehr langer suchtext der nicht passt")
			h.key("tab")
			h.typ("1")
			h.key("tab")
			h.typ("10.000")
			h.key("tab")
			h.typ("1.1.2024")
			h.key("tab")
			h.typ("31.12.2025")
			h.key("enter")
		}},
		{"transfer-form", nil, func(h *harness) { toAccounts(h); h.key("t"); h.typ("DE1x") }},
		{"transfer-confirm", nil, func(h *harness) { toAccounts(h); h.key("t"); fillTransfer(h, "Erika", "25", "Geschenk") }},
		{"vop", nil, func(h *harness) {
			toAccounts(h)
			h.key("t")
			fillTransfer(h, "Erika", "25", "Geschenk")
			h.key("y")
			h.waitFor("Payee check")
		}},
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
		{"help", nil, func(h *harness) { toStatement(h); h.key("?") }},
		{"bank-picker", nil, func(h *harness) { toAccounts(h); h.key("a"); h.typ("sparkasse") }},
		{"add-login", nil, func(h *harness) { toAccounts(h); h.key("a", "enter") }},
	}
	summary := regexp.MustCompile(`(bookings since|· since) \d\d\.\d\d\.\d{4}$`)
	for _, sc := range scenes {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, 80, 24, sc.opts...)
			sc.run(h)
			statement := strings.Contains(h.view(), "Counterparty")
			for _, ht := range []int{24, 30, 40} {
				for w := 80; w <= 140; w++ {
					// Resizing is handled synchronously in Update: no settling.
					h.m.Update(tea.WindowSizeMsg{Width: w, Height: ht})
					checkFrame(t, w, ht, h.view())
					if statement {
						info := strings.TrimSpace(strings.Split(h.view(), "\n")[1])
						if !summary.MatchString(info) {
							t.Fatalf("%dx%d: summary line cut: %q", w, ht, info)
						}
					}
				}
			}
		})
	}
}

// checkFrame fails unless view is exactly w×h, every modal frame on it is
// whole, and the help bar ends with a whole item.
func checkFrame(t *testing.T, w, h int, view string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%dx%d: line %d is %d wide: %q", w, h, i, got, l)
		}
		for _, pair := range [][2]string{{"╭", "╮"}, {"╰", "╯"}} {
			if strings.Count(l, pair[0]) != strings.Count(l, pair[1]) {
				t.Fatalf("%dx%d: a modal frame is cut on line %d:\n%s", w, h, i, view)
			}
		}
	}
	help := strings.TrimSpace(lines[h-1])
	switch {
	case strings.HasSuffix(help, "•"):
		t.Fatalf("%dx%d: help bar ends in a separator: %q", w, h, help)
	case strings.Contains(help, "…") && !strings.HasSuffix(help, "… ? more") && !strings.HasSuffix(help, "… f1 more") && !strings.HasSuffix(help, "…"):
		t.Fatalf("%dx%d: help bar cut mid-item: %q", w, h, help)
	}
	if head := strings.TrimSpace(lines[0]); strings.HasSuffix(head, "…") {
		t.Fatalf("%dx%d: breadcrumb cut at the end: %q", w, h, head)
	}
}
