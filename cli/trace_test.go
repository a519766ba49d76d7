package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saldo/fints/demobank"
)

// TestTraceCanaryTransfer: a transfer with a recognisable PIN, written to
// a --trace file; neither the PIN, nor the TAN, nor the account numbers
// (ordering account and payee, in the segments and in the pain.001) show
// up in the trace or on the terminal.
func TestTraceCanaryTransfer(t *testing.T) {
	bank := transferBank(t, demobank.Options{HideTANs: true})
	trace := filepath.Join(t.TempDir(), "trace.txt")
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	out, errs, code := runTransfer(t, t.TempDir(), answers(bank, transferPIN),
		orderArgs(bank, "Erika Mustermann", erikaIBAN(), "3.21", "--trace", trace)...)
	if code != 0 || !strings.Contains(out, "executed") {
		t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
	}
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	tr := string(b)
	for _, want := range []string{"HKCCS", "HKVPP", "HKTAN", "HNSHA", "pain.001"} {
		if !strings.Contains(tr, want) {
			t.Fatalf("trace lacks %s:\n%s", want, tr)
		}
	}
	tan, _ := bank.LastTAN(demobank.DemoUser)
	secrets := map[string]string{"PIN": transferPIN, "TAN": tan,
		"ordering IBAN": accts[0].IBAN, "ordering account number": accts[0].Number, "payee IBAN": erikaIBAN()}
	for what, s := range secrets {
		if s == "" {
			t.Fatalf("no %s to look for", what)
		}
		if strings.Contains(tr, s) {
			t.Errorf("the trace contains the %s", what)
		}
		if what == "PIN" || what == "TAN" {
			if strings.Contains(out+errs, s) {
				t.Errorf("the terminal output contains the %s", what)
			}
		}
	}
}
