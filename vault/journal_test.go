package vault

import (
	"errors"
	"testing"

	"saldo/fints"
)

func TestJournalLifecycle(t *testing.T) {
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	tr := transfer("Max Mustermann", "DE89 3704 0044 0532 0130 00", "12.50")

	id, err := v.PrepareOrder(k, tr)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := v.PendingOrders(); len(p) != 0 {
		t.Fatalf("a prepared order counts as pending: %+v", p)
	}
	if err := v.MarkOutcome(id, fints.Outcome{State: fints.Executed}); err == nil {
		t.Fatal("an order never sent was marked executed")
	}
	if err := v.MarkSent(id); err != nil {
		t.Fatal(err)
	}
	if err := v.MarkSent(id); err == nil {
		t.Fatal("an order was marked sent twice")
	}
	// Crash here: after reopening, the order must show as unresolved.
	v = reopen(t, v, path)
	p, err := v.PendingOrders()
	if err != nil || len(p) != 1 || p[0].ID != id || p[0].State != OrderSent || p[0].Sent.IsZero() {
		t.Fatalf("PendingOrders after reopen = %+v, %v", p, err)
	}
	if err := v.MarkOutcome(id, fints.Outcome{State: fints.Unknown, Reason: "timeout"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := v.PendingOrders(); len(p) != 1 || p[0].State != OrderUnknown {
		t.Fatalf("unknown order not pending: %+v", p)
	}
	vop := &fints.VoPResult{Match: fints.VoPCloseMatch, IBAN: tr.ToIBAN, GivenName: "Max Mustermann", SuggestedName: "Maximilian Mustermann"}
	if err := v.MarkOutcome(id, fints.Outcome{State: fints.Executed, VoP: vop}); err != nil {
		t.Fatalf("resolving an unknown order: %v", err)
	}
	if err := v.MarkOutcome(id, fints.Outcome{State: fints.Rejected}); err == nil {
		t.Fatal("a final order was changed")
	}
	o, err := v.Order(id)
	if err != nil || o.State != OrderExecuted || o.Finished.IsZero() || o.Outcome.VoP == nil {
		t.Fatalf("Order = %+v, %v", o, err)
	}
	if p, _ := v.PendingOrders(); len(p) != 0 {
		t.Fatalf("executed order still pending: %+v", p)
	}
	r, err := v.Recipients(k)
	if err != nil || len(r) != 1 {
		t.Fatalf("Recipients = %+v, %v", r, err)
	}
	if r[0].Name != "Maximilian Mustermann" || r[0].IBAN != "DE89370400440532013000" || r[0].LastPurpose != "Miete März" || r[0].Uses != 1 {
		t.Errorf("recipient = %+v (VoP-corrected name must win)", r[0])
	}
}

func TestJournalRejectedAndDropped(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	dropped, _ := v.PrepareOrder(k, transfer("A", "DE89370400440532013000", "1.00"))
	if err := v.MarkOutcome(dropped, fints.Outcome{State: fints.Rejected, Reason: "TAN entry cancelled"}); err != nil {
		t.Fatalf("dropping a prepared order: %v", err)
	}
	rejected, _ := v.PrepareOrder(k, transfer("B", "DE02120300000000202051", "2.00"))
	v.MarkSent(rejected)
	v.MarkOutcome(rejected, fints.Outcome{State: fints.Rejected, Reason: "9210 Konto gesperrt"})
	all, err := v.Orders(k)
	if err != nil || len(all) != 2 || all[0].ID != dropped || all[1].State != OrderRejected {
		t.Fatalf("Orders = %+v, %v", all, err)
	}
	if r, _ := v.Recipients(k); len(r) != 0 {
		t.Errorf("rejected transfers taught recipients: %+v", r)
	}
	if _, err := v.Order("00"); err == nil {
		t.Error("a malformed order ID was accepted")
	}
	if _, err := v.Order("00000000000000000000000000000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown order = %v", err)
	}
}

func TestPrepareOrderValidates(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	tests := []struct {
		name string
		key  LoginKey
		tr   fints.Transfer
	}{
		{"no IBAN", k, transfer("A", "", "1.00")},
		{"zero amount", k, transfer("A", "DE89370400440532013000", "0")},
		{"negative amount", k, transfer("A", "DE89370400440532013000", "-5")},
		{"unknown login", NewLoginKey("1", "2", ""), transfer("A", "DE89370400440532013000", "1")},
	}
	for _, tc := range tests {
		if _, err := v.PrepareOrder(tc.key, tc.tr); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

func TestRemoveLoginDropsItsOrders(t *testing.T) {
	v, _ := newVault(t)
	a := addLogin(t, v, "12030000", "alice", "DKB")
	b := addLogin(t, v, "50010517", "bob", "ING")
	ida, _ := v.PrepareOrder(a, transfer("X", "DE89370400440532013000", "1.00"))
	idb, _ := v.PrepareOrder(b, transfer("Y", "DE89370400440532013000", "1.00"))
	v.MarkSent(ida)
	v.MarkSent(idb)
	if err := v.RemoveLogin(a); err != nil {
		t.Fatal(err)
	}
	p, err := v.PendingOrders()
	if err != nil || len(p) != 1 || p[0].ID != idb {
		t.Fatalf("PendingOrders = %+v, %v", p, err)
	}
}

func TestRecipientsByHand(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	if err := v.PutRecipient(k, Recipient{Name: "Oma", IBAN: "de89 3704 0044 0532 0130 00"}); err != nil {
		t.Fatal(err)
	}
	if err := v.PutRecipient(k, Recipient{Name: "", IBAN: "DE1"}); err == nil {
		t.Error("nameless recipient accepted")
	}
	id, _ := v.PrepareOrder(k, transfer("Oma Erna", "DE89370400440532013000", "20.00"))
	v.MarkSent(id)
	v.MarkOutcome(id, fints.Outcome{State: fints.Executed, VoP: &fints.VoPResult{Match: fints.VoPMatched}})
	r, _ := v.Recipients(k)
	if len(r) != 1 || r[0].Name != "Oma Erna" || r[0].Uses != 1 {
		t.Fatalf("Recipients = %+v", r)
	}
	v.RemoveRecipient(k, "DE89370400440532013000")
	if r, _ := v.Recipients(k); len(r) != 0 {
		t.Fatalf("after remove: %+v", r)
	}
}
