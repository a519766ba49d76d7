package demobank

import (
	"strconv"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// BigBookings is the number of booked entries on the demo100k account.
const BigBookings = 100_000

// People and suppliers of the online shop. Customer names mix umlauts in
// so the Latin-1 paths are exercised at volume.
var (
	firstNames = []string{"Anna", "Jörg", "Lena", "Lukas", "Sophie", "Jürgen", "Marie", "Björn", "Hannah", "Özlem",
		"Felix", "Käthe", "Paul", "Mia", "Sören", "Emma", "Günther", "Lea", "Tobias", "Zoë"}
	lastNames = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
		"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
		"Krüger", "Hofmann", "Hartmann", "Lange", "Weiß", "Köhler", "Jäger", "Groß", "Lößl", "Brückner"}
	customerBanks = []extBank{bankSSKM, bankCoba, bankDeuBa, bankHVB, bankPost, bankING, bankDKB, bankHaspa, bankGLS, bankBerSpk}
	shopPayouts   = []party{
		bankDeuBa.party("PayPal Europe S.a.r.l. et Cie S.C.A", "0789012300"),
		bankCoba.party("Stripe Payments Europe Ltd.", "0801234500"),
		bankING.party("Klarna Bank AB", "5098765432"),
	}
	shopSuppliers = []creditor{
		newCreditor(bankDeuBa, "DHL Paket GmbH", "0611223300", "00000100200", "DHL-GK-778899"),
		newCreditor(bankCoba, "Hetzner Online GmbH", "0622334400", "00000100300", "HZ-K0123456"),
		newCreditor(bankHVB, "Verpackungs-Zentrale Süd GmbH", "0633445500", "00000100400", "VZS-2024-0042"),
		newCreditor(bankSSKM, "Stadtwerke München GmbH", "0000907102", "00000100500", "SWM-GE-5500123"),
		newCreditor(bankING, "Google Ireland Limited", "5044556677", "00000100600", "GOOG-ADS-91827"),
	}
)

// bigCustomer is a precomputed payer: generating 100,000 IBANs one by one
// would dominate the generation time.
type bigCustomer struct{ name, iban, bic string }

// generateShop builds the demo100k account: an online shop's business
// account with exactly BigBookings booked entries over two years, spread
// evenly over the business days, plus two pending card settlements.
func generateShop(seed uint64, today statement.Date) []*book {
	g := newGen(seed, 0xB16B00, today, 23*60, 2)
	bk := newBook(shopGiro, g.start, money.FromCents(48_000_00))
	bk.booked = make([]statement.Booking, 0, BigBookings)

	customers := make([]bigCustomer, 2_000)
	for i := range customers {
		b := customerBanks[g.rng.IntN(len(customerBanks))]
		customers[i] = bigCustomer{
			name: firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.rng.IntN(len(lastNames))],
			iban: germanIBAN(b.blz, g.digits(10)), bic: b.bic,
		}
	}
	var days []statement.Date
	for d := g.start; !d.After(today); d = d.AddDays(1) {
		if isBusinessDay(d) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return []*book{bk}
	}
	per, extra := BigBookings/len(days), BigBookings%len(days)
	order := 100_000
	for i, d := range days {
		n := per
		if i < extra {
			n++
		}
		for range n {
			order++
			g.shopEntry(bk, d, customers, order)
		}
	}
	// Two card settlements announced for the next business day.
	for i := range 2 {
		p := shopPayouts[i]
		b := statement.Booking{Amount: money.FromCents(g.cents(150_00, 900_00)), ValueDate: today,
			Purpose: "Auszahlung " + today.String() + " Ref. " + g.alnum(10)}
		setParty(&b, p.Name, p.IBAN, p.BIC)
		txCreditIn.apply(&b)
		g.schedule(bk, today.AddDays(1), b)
	}
	g.finish()
	return []*book{bk}
}

// shopEntry books one entry on day d: mostly customer payments, then
// payouts from payment providers, supplier debits and fees. Suppliers are
// only paid while the balance is above 30,000 EUR, which keeps the balance
// hovering there instead of growing or running into the credit line.
func (g *gen) shopEntry(bk *book, d statement.Date, customers []bigCustomer, order int) {
	r := g.rng.IntN(100)
	var b statement.Booking
	switch {
	case r < 15 && bk.balance.Cents() > 30_000_00:
		s := shopSuppliers[g.rng.IntN(len(shopSuppliers))]
		b = statement.Booking{
			Amount:      money.FromCents(-g.skewed(19_90, 2_480_00)),
			Purpose:     "Rechnung " + strconv.Itoa(d.Year) + "-" + g.digits(6) + " Kd-Nr. 77" + g.digits(4),
			EndToEndRef: "RE" + g.digits(10), MandateRef: s.Mandate, CreditorID: s.CI,
		}
		setParty(&b, s.Name, s.IBAN, s.BIC)
		txDirectDebit.apply(&b)
	case r < 17:
		b = statement.Booking{Amount: money.FromCents(-g.cents(19, 4_90)), Purpose: "Transaktionsentgelt Kartenterminal " + d.String()}
		txFee.apply(&b)
	case r < 20:
		p := shopPayouts[g.rng.IntN(len(shopPayouts))]
		b = statement.Booking{
			Amount:  money.FromCents(g.skewed(200_00, 3_000_00)),
			Purpose: "Auszahlung " + d.String() + " Ref. " + g.alnum(10), EndToEndRef: g.alnum(16),
		}
		setParty(&b, p.Name, p.IBAN, p.BIC)
		txCreditIn.apply(&b)
	default:
		c := customers[g.rng.IntN(len(customers))]
		b = statement.Booking{
			Amount:  money.FromCents(g.skewed(9_90, 249_00)),
			Purpose: "Bestellung " + strconv.Itoa(order) + " Kd-Nr. " + g.digits(5), EndToEndRef: "NOTPROVIDED",
		}
		setParty(&b, c.name, c.iban, c.bic)
		txCreditIn.apply(&b)
	}
	g.post(bk, d, b)
}
