package vault

import (
	"path/filepath"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/statement"
)

// testKDF keeps tests fast; real vaults use DefaultKDF or TuneKDF.
var testKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

const testPass = "correct horse battery staple"

func pass(s string) secret.Value { return secret.New(s) }

func newVault(t testing.TB) (*Vault, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "saldo", "vault.db")
	v, err := Create(path, pass(testPass), testKDF)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v, path
}

func reopen(t testing.TB, v *Vault, path string) *Vault {
	t.Helper()
	if err := v.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	v2, err := Open(path, pass(testPass))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { v2.Close() })
	return v2
}

func settings(blz, user, name string) LoginSettings {
	return LoginSettings{Name: name, URL: "https://banking.example/fints", BankCode: blz, UserID: user,
		ProductID: "SALDO", TANMethod: "942", TANMedium: "Handy"}
}

func addLogin(t testing.TB, v *Vault, blz, user, name string) LoginKey {
	t.Helper()
	s := settings(blz, user, name)
	if err := v.PutLogin(s); err != nil {
		t.Fatalf("PutLogin: %v", err)
	}
	return s.Key()
}

func day(y int, m time.Month, d int) statement.Date { return statement.NewDate(y, m, d) }

func booking(d statement.Date, amount, purpose string) statement.Booking {
	return statement.Booking{Status: statement.Booked, BookingDate: d, ValueDate: d,
		Amount: money.MustParse(amount), Currency: "EUR", CounterpartyName: "REWE Markt GmbH",
		CounterpartyIBAN: "DE89370400440532013000", Purpose: purpose}
}

func pendingBooking(d statement.Date, amount, purpose string) statement.Booking {
	b := booking(d, amount, purpose)
	b.Status = statement.Pending
	return b
}

func transfer(toName, iban, amount string) fints.Transfer {
	return fints.Transfer{
		From:       fints.Account{IBAN: "DE02120300000000202051", BankCode: "12030000"},
		DebtorName: "Erika Mustermann", ToName: toName, ToIBAN: iban,
		Amount: money.MustParse(amount), Currency: "EUR", Purpose: "Miete März",
	}
}
