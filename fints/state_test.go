package fints

import (
	"errors"
	"strings"
	"testing"

	"saldo/fints/secret"
)

func TestStateRoundTrip(t *testing.T) {
	cfg := Config{URL: "https://bank.example/fints", BankCode: "12345678", UserID: "test1", PIN: secret.New("CANARY-PIN-7319")}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := guideAnswer(t, "guide_12_3_init_answer.bin")
	c.absorbParams(r)
	c.systemID, c.method = "7Gq2XbL9RkVt4Mzp", "946"
	if c.p.bpdVersion != 18 || c.p.updVersion != 5 || len(c.p.accounts) != 1 || len(c.allowed) != 2 {
		t.Fatalf("absorbed BPD %d UPD %d accounts %d allowed %v", c.p.bpdVersion, c.p.updVersion, len(c.p.accounts), c.allowed)
	}
	full := c.Deconstruct(true)
	public := c.Deconstruct(false)
	for _, b := range [][]byte{full, public} {
		if strings.Contains(string(b), "CANARY-PIN-7319") {
			t.Fatal("state blob contains the PIN")
		}
	}
	if strings.Contains(string(public), "DE87123456781234567890") || strings.Contains(string(public), "Max Mustermann") {
		t.Error("public blob contains account data")
	}

	cfg.State = full
	c2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c2.systemID != "7Gq2XbL9RkVt4Mzp" || c2.p.bpdVersion != 18 || c2.p.updVersion != 5 || c2.method != "946" {
		t.Errorf("restored: system %q BPD %d UPD %d method %q", c2.systemID, c2.p.bpdVersion, c2.p.updVersion, c2.method)
	}
	if len(c2.p.methods) != 2 || !c2.p.tanRequired("HKSAL") || len(c2.KnownAccounts()) != 1 || c2.KnownAccounts()[0].IBAN != "DE87123456781234567890" {
		t.Errorf("restored methods %v accounts %v", c2.p.methods, c2.KnownAccounts())
	}
	if string(c2.Deconstruct(true)) != string(full) {
		t.Error("deconstruct after restore differs")
	}

	cfg.State = public
	c3, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c3.p.updVersion != 0 || len(c3.KnownAccounts()) != 0 || c3.p.bpdVersion != 18 {
		t.Errorf("public restore: UPD %d accounts %d BPD %d", c3.p.updVersion, len(c3.KnownAccounts()), c3.p.bpdVersion)
	}
}

func TestStateRejects(t *testing.T) {
	base := Config{URL: "https://bank.example/fints", BankCode: "12345678", UserID: "test1"}
	c, _ := New(base)
	blob := c.Deconstruct(true)
	tests := []struct {
		name  string
		state string
		user  string
		want  string
	}{
		{"garbage", "not json", "test1", "not a saldo state blob"},
		{"other format", `{"format":"x","version":1}`, "test1", "format"},
		{"newer", `{"format":"saldo-fints-state","version":99}`, "test1", "version 99"},
		{"other user", string(blob), "test2", "belongs to user"},
	}
	for _, tt := range tests {
		cfg := base
		cfg.UserID, cfg.State = tt.user, []byte(tt.state)
		_, err := New(cfg)
		if !errors.Is(err, ErrState) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want ErrState mentioning %q", tt.name, err, tt.want)
		}
	}
}
