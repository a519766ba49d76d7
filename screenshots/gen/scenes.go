package main

import (
	"image/color"
	"strings"
	"time"

	"saldo/screenshots/raster"
	"saldo/theme"
)

// scene is one screenshot: a fresh demo (bank, vault, UI) at a terminal
// size, driven by run to the screen to capture.
type scene struct {
	name    string // file name without .png
	caption string // for the README
	w, h    int
	run     func(s *session)
}

// erika is a payee the demo bank's Verification of Payee knows.
const (
	erikaIBAN    = "DE50120300000018273645"
	erikaName    = "Erika Mustermann"
	erikaTypo    = "Erika Musterman" // a close match
	giftPurpose  = "Geschenk für Lena"
	transferEuro = "25"
	flickerFrame = 20
)

var scenes = []scene{
	{"accounts", "Accounts with balances, synced with the demo bank", 100, 30, func(s *session) {
		s.login()
	}},
	{"statement-80x24", "A statement at 80×24, searching for “aral”", 80, 24, func(s *session) {
		s.login()
		s.key("enter")
		s.waitFor("Counterparty")
		s.key("/")
		s.typ("aral")
		s.mustSee("ARAL Tankstelle")
	}},
	{"statement", "A statement with the details pane", 100, 30, func(s *session) {
		s.login()
		s.key("enter")
		s.waitFor("Counterparty")
		s.key("j", "j", "j", "enter")
		s.mustSee("Posting text")
	}},
	{"transfer-form", "A new transfer, checked while typing", 100, 30, func(s *session) {
		s.login()
		s.key("t")
		s.waitFor("New SEPA transfer")
		s.fillTransfer(erikaTypo)
	}},
	{"payee-check", "Verification of Payee: a close match", 100, 30, func(s *session) {
		s.login()
		s.key("t")
		s.waitFor("New SEPA transfer")
		s.fillTransfer(erikaTypo)
		s.review()
		s.key("y")
		s.waitFor("Payee check")
		s.mustSee("Close match")
	}},
	{"tan-chiptan", "chipTAN: the flicker code for the TAN generator", 100, 30, func(s *session) {
		s.login()
		s.chooseMethod("chipTAN")
		// stop the flicker code at a frame showing data bits, not the
		// all-white synchronisation at its start
		s.animate("flickerTickMsg", flickerFrame)
		s.sendTransfer()
		s.waitFor("TAN required")
		s.animated("flickerTickMsg")
	}},
	{"tan-phototan", "photoTAN: the colour matrix for the app", 100, 30, func(s *session) {
		s.login()
		s.chooseMethod("photoTAN")
		s.sendTransfer()
		s.waitFor("TAN required")
	}},
	{"tan-decoupled", "Waiting for approval in the banking app", 100, 30, func(s *session) {
		s.login()
		s.sendTransfer()
		s.waitFor("Confirm in your banking app")
	}},
	{"bank-picker", "Adding a bank: search the German bank directory", 100, 30, func(s *session) {
		s.login()
		s.key("a")
		s.typ("sparkasse münchen")
		s.mustSee("Stadtsparkasse München")
	}},
}

// login waits for the first sync's login, approves it in the demo app
// (the demo app approves three seconds after the challenge; the clock is
// frozen, so the person "waits" by moving it) and waits for the accounts.
func (s *session) login() {
	s.waitFor("Confirm in your banking app")
	s.clock.Advance(3 * time.Second)
	s.waitFor("· synced")
	s.mustSee("Girokonto", "Tagesgeld")
}

// chooseMethod picks the TAN method whose label contains name with the
// TAN-method dialog (m), moving the selection like a person would.
func (s *session) chooseMethod(name string) {
	s.key("m")
	s.waitFor("TAN method")
	for range 10 {
		if s.err != nil {
			return
		}
		target := s.rowOf(name)
		sel := s.selectedRowNear(target)
		if target < 0 || sel < 0 {
			break
		}
		if target == sel {
			s.key("enter")
			s.waitFor("now uses")
			return
		}
		if target < sel {
			s.key("up")
		} else {
			s.key("down")
		}
	}
	s.fail("cannot select the TAN method " + name)
}

// rowOf is the first screen row showing text, or -1.
func (s *session) rowOf(text string) int {
	for y, l := range strings.Split(s.plain(), "\n") {
		if strings.Contains(l, text) {
			return y
		}
	}
	return -1
}

// selectedRowNear is the row nearest to row near that is highlighted with
// the theme's selection colour in the middle of the screen (a list's
// cursor; the screen under a dialog has one too), or -1.
func (s *session) selectedRowNear(near int) int {
	g, err := raster.Parse(s.frame(), s.w, s.h)
	if err != nil || near < 0 {
		return -1
	}
	want := theme.Dark().SelectionBg
	best := -1
	for y := 0; y < g.Rows; y++ {
		c := g.Cell(g.Cols/2, y)
		if c == nil || c.Style.Bg == nil || !sameColor(c.Style.Bg, want) {
			continue
		}
		if best < 0 || abs(y-near) < abs(best-near) {
			best = y
		}
	}
	return best
}

func sameColor(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	return ar>>8 == br>>8 && ag>>8 == bg>>8 && ab>>8 == bb>>8
}

// fillTransfer types a transfer of 25 € to Erika's account as name.
func (s *session) fillTransfer(name string) {
	s.typ(name)
	s.key("tab")
	s.typ(erikaIBAN)
	s.key("tab", "tab")
	s.typ(transferEuro)
	s.key("tab")
	s.typ(giftPurpose)
	s.mustSee("Deutsche Kreditbank", "25,00 €")
}

// review goes on to the confirmation page: enter moves to the next field
// and, on the last one, reviews.
func (s *session) review() {
	for range 4 {
		if s.err != nil || strings.Contains(s.plain(), "Send this transfer?") {
			break
		}
		s.key("enter")
	}
	s.waitFor("Send this transfer?")
}

// sendTransfer sends a transfer whose payee check matches, so the next
// thing the bank wants is the TAN.
func (s *session) sendTransfer() {
	s.key("t")
	s.waitFor("New SEPA transfer")
	s.fillTransfer(erikaName)
	s.review()
	s.key("y")
}
