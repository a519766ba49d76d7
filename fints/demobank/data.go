package demobank

import (
	"saldo/fints/money"
)

// The bank's identity. The bank code belongs to no real bank (checked
// against the German bank directory in testdata/corpus/banks); the BIC is
// shaped like a Munich one.
const (
	BankName = "saldo Demobank"
	BankCode = "70066000"
	BankBIC  = "SALDDEM1XXX"
	Currency = "EUR"
)

// The demo logins. Both use DemoPIN; it is printed in the README and the
// demo's login screen, so it is no secret.
const (
	DemoUser     = "demo"     // Max Mustermann: Girokonto, Tagesgeld, Gemeinschaftskonto
	DemoUser100k = "demo100k" // one business account with 100,000 bookings
	DemoPIN      = "12345"
)

// HIUPD account kinds (Kontoart).
const (
	KindCurrent = 1  // Kontokorrent/Girokonto
	KindSavings = 10 // Sparkonto / Tagesgeld
)

// Account is one account of the demo bank.
type Account struct {
	IBAN       string
	BIC        string
	Number     string // national account number (Kontonummer)
	BankCode   string
	Currency   string
	Owner      string
	Product    string // "Girokonto", "Tagesgeld" …
	Kind       int    // HIUPD Kontoart
	CreditLine money.Amount
	// ReferenceIBAN, when set, is the only account this one may pay to
	// (a Tagesgeld pays out to its Referenzkonto only).
	ReferenceIBAN string
}

// Login is a user of the demo bank.
type Login struct {
	UserID     string
	CustomerID string
	Name       string
	IBANs      []string // the login's accounts, in display order
}

// Customer and account data. Account numbers are ten digits; the IBANs are
// derived from them so they are valid by construction.
var (
	maxGiro = Account{
		Number: "1001234567", Owner: "Max Mustermann", Product: "Girokonto",
		Kind: KindCurrent, CreditLine: money.FromCents(2_000_00),
	}
	maxTagesgeld = Account{
		Number: "1501234567", Owner: "Max Mustermann", Product: "Tagesgeld",
		Kind: KindSavings,
	}
	maxJoint = Account{
		Number: "1101234567", Owner: "Max Mustermann und Erika Mustermann", Product: "Gemeinschaftskonto",
		Kind: KindCurrent, CreditLine: money.FromCents(500_00),
	}
	shopGiro = Account{
		Number: "2009876543", Owner: "Musterladen Online GmbH", Product: "Geschäftskonto",
		Kind: KindCurrent, CreditLine: money.FromCents(25_000_00),
	}
)

func init() {
	for _, a := range []*Account{&maxGiro, &maxTagesgeld, &maxJoint, &shopGiro} {
		a.IBAN = germanIBAN(BankCode, a.Number)
		a.BIC, a.BankCode, a.Currency = BankBIC, BankCode, Currency
	}
	maxTagesgeld.ReferenceIBAN = maxGiro.IBAN
}

// logins lists the users in a fixed order.
func logins() []Login {
	return []Login{
		{UserID: DemoUser, CustomerID: DemoUser, Name: "Max Mustermann",
			IBANs: []string{maxGiro.IBAN, maxTagesgeld.IBAN, maxJoint.IBAN}},
		{UserID: DemoUser100k, CustomerID: DemoUser100k, Name: "Musterladen Online GmbH",
			IBANs: []string{shopGiro.IBAN}},
	}
}

// party is a counterparty as banks print it.
type party struct {
	Name, IBAN, BIC string
}

// External banks with their real bank codes and BICs (from the bank
// directory); the account numbers are made up.
type extBank struct{ blz, bic string }

var (
	bankSSKM   = extBank{"70150000", "SSKMDEMMXXX"} // Stadtsparkasse München
	bankCoba   = extBank{"37040044", "COBADEFF370"} // Commerzbank Köln
	bankDeuBa  = extBank{"70070010", "DEUTDEMMXXX"} // Deutsche Bank München
	bankHVB    = extBank{"70020270", "HYVEDEMMXXX"} // HypoVereinsbank München
	bankPost   = extBank{"10010010", "PBNKDEFF100"} // Postbank Berlin
	bankING    = extBank{"50010517", "INGDDEFFXXX"} // ING
	bankDKB    = extBank{"12030000", "BYLADEM1001"} // DKB
	bankHaspa  = extBank{"20050550", "HASPDEHHXXX"} // Hamburger Sparkasse
	bankGLS    = extBank{"43060967", "GENODEM1GLS"} // GLS Bank
	bankBerSpk = extBank{"10050000", "BELADEBEXXX"} // Berliner Sparkasse
)

func (b extBank) party(name, account string) party {
	return party{Name: name, IBAN: germanIBAN(b.blz, account), BIC: b.bic}
}

// Counterparties of the demo customer. Shops and utilities carry their
// real brand names, as on any German statement; all account numbers,
// customer numbers and creditor IDs are invented.
var (
	pEmployer   = bankCoba.party("Musterfirma Software GmbH", "0212345600")
	pLandlord   = bankSSKM.party("Hausverwaltung Schröder & Söhne GbR", "0031245789")
	pErika      = bankDKB.party("Erika Mustermann", "0018273645")
	pFinanzamt  = bankSSKM.party("Finanzamt München", "0000024903")
	pJuergen    = bankING.party("Jürgen Weiß", "5412398765")
	pSoeren     = bankGLS.party("Sören Kühn", "4012345600")
	pHandwerker = bankHVB.party("Elektro Gruber e.K.", "0657483920")
	pOma        = bankHaspa.party("Gisela Mustermann", "1234098765")
	pVerein     = bankSSKM.party("TSV Schwabing 1898 e.V.", "0098123456")
	pAcquirer   = bankDeuBa.party("", "0123456780") // card acquirer; name comes from the merchant
	pAcquirer2  = bankPost.party("", "0987654321")
	pATM        = party{Name: "Stadtsparkasse München", BIC: bankSSKM.bic}
)

// creditor is a SEPA direct debit creditor.
type creditor struct {
	party
	CI      string // creditor identifier
	Mandate string // the customer's mandate reference
}

func newCreditor(b extBank, name, account, national, mandate string) creditor {
	return creditor{party: b.party(name, account), CI: creditorID(national), Mandate: mandate}
}

var (
	cTelefonica = newCreditor(bankCoba, "Telefónica Germany GmbH & Co. OHG", "0301234500", "00000512345", "O2-6012345678-0001")
	cEON        = newCreditor(bankDeuBa, "E.ON Energie Deutschland GmbH", "0456789100", "00000298765", "MEON207012345678")
	cSWM        = newCreditor(bankSSKM, "SWM Versorgungs GmbH", "0000907101", "00000123987", "SWM-4001234567")
	cVodafone   = newCreditor(bankHVB, "Vodafone GmbH", "0612300045", "00000345612", "VF-123456789-01")
	cRundfunk   = newCreditor(bankBerSpk, "Rundfunk ARD, ZDF, DRadio", "1100550055", "00000999777", "RB-452198736")
	cHUK        = newCreditor(bankCoba, "HUK-COBURG Haftpflicht-Unterstützungs-Kasse", "0700123400", "00000111222", "HUK-123456789K")
	cAllianz    = newCreditor(bankHVB, "Allianz Versicherungs-AG", "0234567800", "00000222333", "AZ-AS1234567890")
	cFitX       = newCreditor(bankDeuBa, "FitX Deutschland GmbH", "0345678900", "00000777888", "FITX-0123456-2024")
	cSpotify    = newCreditor(bankING, "Spotify AB", "5012345678", "00000444555", "SPOT-P1A2B3C4D5")
	cNetflix    = newCreditor(bankING, "Netflix International B.V.", "5023456789", "00000555666", "NFLX-8812345678")
	cDB         = newCreditor(bankDeuBa, "DB Vertrieb GmbH", "0567890100", "00000666111", "DBABO-5123456")
	cAmazon     = newCreditor(bankDeuBa, "AMAZON PAYMENTS EUROPE S.C.A.", "0678901200", "00000888999", "1A2B3C4D5E6F7G8H")
	cPayPal     = newCreditor(bankDeuBa, "PayPal Europe S.a.r.l. et Cie S.C.A", "0789012300", "00000333444", "4HXJ2A7Q9L3M2")
)

// merchant is a shop where the customer pays by card.
type merchant struct {
	Name, City string
	Lo, Hi     int64 // typical amount range in cents
	Sunday     bool  // open on Sundays (petrol stations, restaurants)
}

var (
	groceries = []merchant{
		{"REWE Markt GmbH", "München", 8_50, 95_00, false},
		{"EDEKA Müller", "München", 6_20, 74_00, false},
		{"ALDI SÜD", "München", 9_80, 68_00, false},
		{"LIDL sagt Danke", "München", 7_40, 59_00, false},
		{"Bäckerei Rischart", "München", 2_60, 14_80, false},
	}
	drugstores = []merchant{
		{"dm-drogerie markt", "München", 4_45, 48_00, false},
		{"ROSSMANN", "München", 3_95, 36_00, false},
	}
	fuel = []merchant{
		{"ARAL Tankstelle", "München", 38_00, 92_00, true},
		{"Shell Station", "Garching b. München", 35_00, 88_00, true},
	}
	eatingOut = []merchant{
		{"Wirtshaus Zum Löwenbräu", "München", 18_00, 72_00, true},
		{"Café Frischhut", "München", 5_80, 19_50, true},
		{"Pizzeria Da Giovanni", "München", 14_00, 58_00, true},
	}
	occasional = []merchant{
		{"IKEA Deutschland GmbH", "Eching", 24_99, 349_00, false},
		{"MediaMarkt", "München", 19_99, 299_00, false},
		{"Hugendubel", "München", 9_99, 46_00, false},
		{"Apotheke am Sendlinger Tor", "München", 4_95, 38_00, false},
		{"Decathlon", "München", 14_99, 129_00, false},
	}
	vacation = []merchant{
		{"Booking.com", "Amsterdam", 180_00, 690_00, true},
		{"Lufthansa", "Frankfurt", 150_00, 480_00, true},
		{"Hotel Seeblick", "Bardolino", 40_00, 160_00, true},
		{"Ristorante Al Porto", "Lazise", 35_00, 95_00, true},
	}
)
