package cli

import (
	"strings"
	"testing"

	"saldo/fints/demobank"
)

// TestAccountFlag: --account narrows `saldo accounts` to the one account
// and names a wrong one; `saldo transfer` refuses it (its account is
// --from) instead of ignoring it.
func TestAccountFlag(t *testing.T) {
	bank := startDemo(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}, NoLoginSCA: true}}})
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	args := func(cmd string, more ...string) []string {
		return append([]string{cmd, "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin"}, more...)
	}
	out, errs, code := runCmd(t, strings.NewReader(demobank.DemoPIN+"\n"), args("accounts", "--account", accts[1].Number)...)
	if code != 0 || !strings.Contains(out, accts[1].IBAN) || strings.Contains(out, accts[0].IBAN) {
		t.Errorf("accounts --account %s: exit %d\n%s%s", accts[1].Number, code, out, errs)
	}
	_, errs, code = runCmd(t, strings.NewReader(demobank.DemoPIN+"\n"), args("accounts", "--account", "DE00123")...)
	if code != 1 || !strings.Contains(errs, `no account "DE00123"`) {
		t.Errorf("unknown account: exit %d, %s", code, errs)
	}
	_, errs, code = runCmd(t, strings.NewReader(""), args("transfer", "--account", accts[0].IBAN, "--from", accts[0].IBAN,
		"--to", accts[1].IBAN, "--name", "Max Mustermann", "--amount", "1.00")...)
	if code != 2 || !strings.Contains(errs, "--account does not apply to a transfer") {
		t.Errorf("transfer --account: exit %d, %s", code, errs)
	}
}
