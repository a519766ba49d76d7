package ui_test

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"saldo/theme"
	"saldo/ui"
)

// The palette follows the terminal background the program reports.
func TestThemeFollowsBackground(t *testing.T) {
	h := newHarness(t, 80, 24, withUI(func(o *ui.Options) { o.FixedTheme = false; o.Dark = true }))
	h.unlock()
	h.pin()
	h.waitFor("synced")
	dark := h.m.View().Content
	if !strings.Contains(dark, "38;2;122;162;247") { // Dark accent #7AA2F7
		t.Fatal("dark accent missing")
	}
	h.send(tea.BackgroundColorMsg{Color: color.White})
	h.settle()
	light := h.m.View().Content
	if !strings.Contains(light, "38;2;5;80;174") || strings.Contains(light, "38;2;122;162;247") { // Light accent #0550AE
		t.Fatal("light background did not switch the palette")
	}
	if h.view() == "" || strings.Compare(h.view(), h.view()) != 0 {
		t.Fatal("view unstable")
	}
}

func TestHighContrastAndEnglish(t *testing.T) {
	h := newHarness(t, 100, 30, withUI(func(o *ui.Options) { o.HighContrast = true; o.Lang = theme.English }))
	h.unlock()
	h.pin()
	h.waitFor("synced just now")
	h.mustSee("€2,345.67", "€12,500.00", "Total EUR", "€14,845.67")
	if !strings.Contains(h.m.View().Content, "48;2;255;255;0") { // yellow selection bar
		t.Fatal("high-contrast selection missing")
	}
	h.key("enter")
	h.waitFor("Counterparty")
	h.mustSee("2025-03-14", "-€9.26")
}
