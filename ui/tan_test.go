package ui_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"saldo/ui"
	"saldo/ui/fakebackend"
)

// toTAN runs a transfer up to the TAN prompt.
func toTAN(t *testing.T, opts ...harnessOpt) *harness {
	return toTANAt(t, 80, 24, opts...)
}

func toTANAt(t *testing.T, w, ht int, opts ...harnessOpt) *harness {
	h := openTransferAt(t, w, ht, opts...)
	fillTransfer(h, "Erika", "5", "")
	h.key("y")
	h.waitFor("Payee check")
	h.key("y")
	return h
}

func TestPhotoTANShowsAndSavesImage(t *testing.T) {
	h := toTANAt(t, 120, 40, withFake(func(o *fakebackend.Options) { o.Method = "913" }))
	h.waitFor("TAN required")
	h.mustSee("photoTAN", "scan the image")
	if !strings.ContainsAny(h.view(), "▀▄█") {
		t.Fatalf("no half-block image:\n%s", h.view())
	}
	h.key("ctrl+s")
	h.mustSee("Image saved to")
	files, _ := filepath.Glob(filepath.Join(h.uo.SaveDir, "saldo-tan-*.png"))
	if len(files) != 1 {
		t.Fatalf("saved files: %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n")) {
		t.Fatalf("not a PNG: %v", err)
	}
	if st, _ := os.Stat(files[0]); st.Mode().Perm() != 0o600 {
		t.Errorf("image file mode %v", st.Mode().Perm())
	}
	h.key("ctrl+s") // a second save must not overwrite the first
	files, _ = filepath.Glob(filepath.Join(h.uo.SaveDir, "saldo-tan-*.png"))
	if len(files) != 2 {
		t.Fatalf("second save: %v", files)
	}
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
}

func TestDecoupledApproval(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "942"; o.Delay = 40 * time.Millisecond }))
	h.waitFor("Confirm in your banking app")
	h.mustSee("pushTAN 2.0 on Alex Handy", "5:00 left", "status checks: 0 of 10", "the bank may still")
	h.waitFor("Transfer accepted") // the fake approves after three polls
}

// TestPhotoTANTooSmall: where the image could only be drawn blurred (the
// modules would shrink below one pixel), the modal says so and offers the
// PNG instead of showing an unscannable picture.
func TestPhotoTANTooSmall(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "913" }))
	h.waitFor("TAN required")
	h.mustSee("too small to draw the image sharply", "ctrl+s save PNG")
	h.mustNotSee("▀")
	h.key("ctrl+s")
	h.mustSee("Image saved to")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40}) // enlarged: now it is drawn
	h.settle()
	h.mustSee("scan the image")
	if !strings.ContainsAny(h.view(), "▀▄█") {
		t.Fatalf("no half-block image after enlarging:\n%s", h.view())
	}
}

// TestDecoupledCancel: stopping the wait for the app does not claim that
// nothing was paid — the app may still release the order.
func TestDecoupledCancel(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "942"; o.ApprovalWait = time.Hour }))
	h.waitFor("Confirm in your banking app")
	h.mustSee("tab other method")
	h.key("esc")
	h.waitFor("Stopped waiting for the approval")
	h.mustSee("check your", "statement before sending it again")
	h.mustNotSee("Nothing was paid")
}

// TestDecoupledSwitchMethod: without the app at hand, tab (or m) stops waiting and
// offers the other methods; the next try uses the chosen one.
func TestDecoupledSwitchMethod(t *testing.T) {
	h := toTAN(t, withFake(func(o *fakebackend.Options) { o.Method = "942"; o.ApprovalWait = time.Hour }))
	h.waitFor("Confirm in your banking app")
	h.mustSee("tab other method")
	h.key("tab") // the same key as in the TAN dialog
	h.waitFor("TAN method · Saldo Demobank")
	h.mustNotSee("Confirm in your banking app")
	h.key("up", "up", "up", "enter") // smsTAN (first in the list)
	h.waitFor("TAN medium")
	h.key("enter")
	h.waitFor("now uses smsTAN")
	h.mustSee("Stopped waiting for the approval")
	h.key("y") // send again
	h.waitFor("Payee check")
	h.key("y")
	h.waitFor("TAN required")
	h.mustSee("smsTAN")
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
}

func TestSwitchTANMethodInModal(t *testing.T) {
	h := toTAN(t)
	h.waitFor("TAN required")
	h.mustSee("smsTAN")
	h.key("tab")
	h.mustSee("Choose a TAN method", "✓ smsTAN · typed TAN · Alex Handy", "smsTAN · typed TAN · Zweithandy", "chipTAN optisch", "photoTAN", "pushTAN 2.0")
	h.key("down", "down", "down", "enter") // photoTAN
	h.waitFor("TAN required · ")           // the order was submitted again with the new method
	h.waitFor("save PNG")
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
	if calls := strings.Join(h.be.Calls(), "\n"); !strings.Contains(calls, "SetTANMethod demo 913") {
		t.Fatalf("calls:\n%s", calls)
	}
}

func TestPromptAbsorbsKeysRightAfterOpening(t *testing.T) {
	h := newHarness(t, 80, 24, withUI(func(o *ui.Options) { o.KeyGrace = 500 * time.Millisecond }))
	h.unlock()
	h.waitFor("PIN for") // opened on its own by the background sync
	h.typ("12345")       // typed within the grace period: swallowed
	h.key("enter")
	h.mustSee("PIN for")
	h.mustNotSee("Type your online-banking PIN") // not even enter reached the modal
	h.advance(time.Second)
	h.key("enter")
	h.mustSee("Type your online-banking PIN") // now keys count
	h.typ("12345")
	h.key("enter")
	h.waitFor("synced just now")
}

func TestSwitchTANMedium(t *testing.T) {
	h := toTAN(t)
	h.waitFor("smsTAN · Alex Handy")
	h.key("tab", "down", "enter") // same method, the second phone
	h.waitFor("smsTAN · Zweithandy")
	h.typ("123456")
	h.key("enter")
	h.waitFor("Transfer accepted")
}
