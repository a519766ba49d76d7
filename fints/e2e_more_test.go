package fints_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"saldo/fints"
	"saldo/fints/demobank"
)

// TestE2EMT940: with PreferMT940 the engine uses HKKAZ and joins the
// MT940 parts of every page before parsing; the result equals the camt one.
func TestE2EMT940(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	state := loggedIn(t, bank, p, "")
	cfg := config(bank, demobank.DemoUser, p)
	cfg.State, cfg.PreferMT940 = state, true
	c, _ := fints.New(cfg)
	ctx := context.Background()
	today := bank.Ledger().Today()
	from := today.AddDays(-500)
	accounts := c.KnownAccounts()
	sts, err := c.Transactions(ctx, from, today, accounts[0])
	if err != nil {
		t.Fatal(err)
	}
	rng, _ := bank.Ledger().Bookings(accounts[0].IBAN, from, today)
	got := sts[0]
	if got.Format != "mt940" || got.Pages < 2 || len(got.Booked) != len(rng.Booked) || len(got.Pending) != len(rng.Pending) {
		t.Fatalf("MT940: format %s, %d pages, %d/%d bookings; want %d/%d", got.Format, got.Pages, len(got.Booked), len(got.Pending), len(rng.Booked), len(rng.Pending))
	}
	for i, b := range got.Booked {
		if b.Amount != rng.Booked[i].Amount || b.BookingDate != rng.Booked[i].BookingDate {
			t.Fatalf("booking %d: %s %s, want %s %s", i, b.BookingDate, b.Amount, rng.Booked[i].BookingDate, rng.Booked[i].Amount)
		}
	}
}

// TestE2EPauseStandingDialog: an open dialog without a pending TAN is
// frozen and continued by another client, with no new login.
func TestE2EPauseStandingDialog(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	c, _ := fints.New(cfg)
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	blob, err := c.Pause()
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := fints.New(config(bank, demobank.DemoUser, p))
	pend, err := c2.Resume(blob)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pend.Complete(ctx); err != nil {
		t.Fatal(err)
	}
	bs, err := c2.Balances(ctx)
	if err != nil || len(bs) == 0 {
		t.Fatalf("balances in the resumed dialog: %v, %v", bs, err)
	}
	if err := c2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if n := c2.Stats().Requests; n != 2 {
		t.Errorf("resumed dialog: %d requests, want 2 (job and end, no new init)", n)
	}
}

func TestE2ETANMedia(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	c, _ := fints.New(config(bank, demobank.DemoUser, &bankPrompter{bank: bank, user: demobank.DemoUser}))
	media, err := c.TANMedia(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(media) == 0 || media[0].Name == "" {
		t.Fatalf("media = %+v", media)
	}
	if !bytes.Contains(c.Deconstruct(true), []byte(media[0].Name)) {
		t.Error("media are not kept in the private state")
	}
}

// TestE2EUnchangedBPDNotResent: with a restored blob the init answer
// carries no BPD/UPD because HKVVB sends the current versions.
func TestE2EUnchangedBPDNotResent(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	// The versions are read from the bank's own HIBPA/HIUPA in the cold
	// login, so a BPD change in the demo bank does not break the test.
	var cold bytes.Buffer
	cfg := config(bank, demobank.DemoUser, p)
	cfg.Trace = &cold
	c, err := fints.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	bpdV, updV := traceField(t, cold.String(), "HIBPA", 1), traceField(t, cold.String(), "HIUPA", 2)
	state := c.Deconstruct(true)

	var trace bytes.Buffer
	cfg = config(bank, demobank.DemoUser, p)
	cfg.State, cfg.Trace = state, &trace
	c, _ = fints.New(cfg)
	if _, err := c.Balances(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(trace.String(), "HIBPA") || strings.Contains(trace.String(), "HIUPA") {
		t.Error("the bank re-sent BPD/UPD although the client had the current versions")
	}
	if want := "HKVVB:4:3+" + bpdV + "+" + updV + "+"; !strings.Contains(trace.String(), want) {
		t.Errorf("HKVVB does not carry the stored versions (want %q):\n%s", want, trace.String())
	}
}

// traceField returns data element n (1-based) of the bank's first seg
// segment in a trace: the BPD version is HIBPA's first ("HIBPA:5:3:4+13+…"
// gives "13"), the UPD version HIUPA's second, after the user ID.
func traceField(t *testing.T, trace, seg string, n int) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + seg + `(?::\d+)+((?:\+[^+']*)+)`).FindStringSubmatch(trace)
	if m == nil {
		t.Fatalf("no %s in the cold login's trace", seg)
	}
	fields := strings.Split(m[1], "+")[1:]
	if len(fields) < n {
		t.Fatalf("%s has %d fields, want at least %d", seg, len(fields), n)
	}
	return fields[n-1]
}

// TestE2EProductIDMissing: the demo bank refuses a dialog without a
// product ID (9078) as registered-only banks do; the engine turns that
// into ErrProductRejected with the way out, and sends nothing more.
func TestE2EProductIDMissing(t *testing.T) {
	bank := startBank(t, demobank.Options{})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.ProductID = ""
	c, err := fints.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := bank.Requests()
	_, err = c.Accounts(context.Background())
	if !errors.Is(err, fints.ErrProductRejected) {
		t.Fatalf("err = %v, want ErrProductRejected", err)
	}
	for _, want := range []string{"9078", "no product ID was sent", "--product-id", "SALDO_PRODUCT_ID"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if n := bank.Requests() - before; n != 1 {
		t.Errorf("%d requests after the refusal, want the one refused", n)
	}
	if p.prompts() != 0 {
		t.Error("asked for a TAN although the bank refused the product")
	}
}

// TestE2EOutdatedBPDReplaced: a state blob from before the bank changed
// its BPD (older HIBPA version, a job missing) gets the current BPD with
// 3050 in the next dialog; the engine adopts it and keeps it in the blob.
func TestE2EOutdatedBPDReplaced(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	current := blobBPD(t, cfg.State)
	ver := regexp.MustCompile(`HIBPA:([\d:]+?):3(:\d+)?\+(\d+)\+`).FindStringSubmatch(current)
	if ver == nil || !strings.Contains(current, "HICCSS") {
		t.Fatalf("unexpected stored BPD:\n%s", current)
	}
	n, _ := strconv.Atoi(ver[3])
	old := strings.Replace(current, ver[0], fmt.Sprintf("HIBPA:%s:3%s+%d+", ver[1], ver[2], n-1), 1)
	old = regexp.MustCompile(`HICCSS:[^']*'`).ReplaceAllString(old, "")
	cfg.State = setBlobBPD(t, cfg.State, old)

	var trace bytes.Buffer
	cfg.Trace = &trace
	c, err := fints.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balances(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(trace.String(), "+3050:") || !strings.Contains(trace.String(), "HIBPA:") {
		t.Fatalf("the bank did not send the current BPD with 3050:\n%s", trace.String())
	}
	got := blobBPD(t, c.Deconstruct(false))
	if v := regexp.MustCompile(`HIBPA:[\d:]+\+(\d+)\+`).FindStringSubmatch(got); v == nil || v[1] != ver[3] || !strings.Contains(got, "HICCSS") {
		t.Errorf("the current BPD (version %s) was not adopted:\n%s", ver[3], got)
	}
}

// blobBPD returns the BPD segments stored in a state blob.
func blobBPD(t *testing.T, blob []byte) string {
	t.Helper()
	var s struct {
		BPD []byte `json:"bpd"`
	}
	if err := json.Unmarshal(blob, &s); err != nil {
		t.Fatal(err)
	}
	return string(s.BPD)
}

// setBlobBPD replaces the BPD stored in a state blob.
func setBlobBPD(t *testing.T, blob []byte, bpd string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(blob, &m); err != nil {
		t.Fatal(err)
	}
	m["bpd"] = []byte(bpd)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
