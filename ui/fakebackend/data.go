package fakebackend

import (
	"fmt"
	"math/rand/v2"
	"time"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/statement"
)

// party is a counterparty the generator books money with; holder is the
// name the (simulated) bank has on record, used by the payee check.
type party struct {
	name, holder, iban, bic string
	posting, gvc            string
	min, max                int64 // cents; negative = money goes out
	purposes                []string
	mandate, creditor       string
	weight                  int
}

// The IBANs are syntactically valid (mod-97) but invented.
var parties = []party{
	{name: "REWE Markt GmbH", holder: "REWE Markt GmbH", iban: "DE02370501980001802057", bic: "COLSDE33XXX", posting: "KARTENZAHLUNG", gvc: "106",
		min: -12000, max: -850, purposes: []string{"REWE SAGT DANKE 4711//Musterstadt/DE", "Einkauf REWE Markt 2214"}, weight: 9},
	{name: "Bäckerei Müller", holder: "Bäckerei Müller e.K.", iban: "DE44500105175407324931", bic: "INGDDEFFXXX", posting: "KARTENZAHLUNG", gvc: "106",
		min: -1450, max: -240, purposes: []string{"Bäckerei Müller Filiale Markt"}, weight: 6},
	{name: "Stadtwerke Musterstadt", holder: "Stadtwerke Musterstadt GmbH", iban: "DE89370400440532013000", bic: "COBADEFFXXX", posting: "FOLGELASTSCHRIFT", gvc: "105",
		min: -9800, max: -6400, purposes: []string{"Abschlag Strom/Gas Vertragskonto 302211"}, mandate: "SWM-302211-01", creditor: "DE98ZZZ09999999999", weight: 0},
	{name: "Hausverwaltung Schulz", holder: "Hausverwaltung Schulz GbR", iban: "DE12500105170648489890", bic: "INGDDEFFXXX", posting: "DAUERAUFTRAG", gvc: "117",
		min: -98000, max: -98000, purposes: []string{"Miete Wohnung 3. OG links"}, weight: 0},
	{name: "ACME Software GmbH", holder: "ACME Software GmbH", iban: "DE75512108001245126199", bic: "SOGEDEFFXXX", posting: "GEHALT/RENTE", gvc: "153",
		min: 312045, max: 312045, purposes: []string{"Gehalt", "Lohn/Gehalt"}, weight: 0},
	{name: "Deutsche Bahn AG", holder: "DB Fernverkehr AG", iban: "DE68210501700012345678", bic: "NOLADE21KIE", posting: "SEPA-LASTSCHRIFT", gvc: "105",
		min: -18900, max: -1990, purposes: []string{"Fahrkarte Auftrag 7H2K9P", "BahnCard 25 Abo"}, mandate: "DB-BC25-88123", creditor: "DE12ZZZ00000112233", weight: 2},
	{name: "Max Mustermann", holder: "Max Mustermann", iban: "DE91100000000123456789", bic: "MARKDEF1100", posting: "GUTSCHRIFT", gvc: "166",
		min: 1000, max: 5000, purposes: []string{"Anteil Pizza", "Geld zurück Konzertkarten"}, weight: 2},
	{name: "Erika Musterfrau", holder: "Erika Mustermann", iban: "DE27100777770209299700", bic: "NORSDE51XXX", posting: "ONLINE-UEBERWEISUNG", gvc: "116",
		min: -6000, max: -1500, purposes: []string{"Geschenk Anna", "Gemeinsamer Einkauf"}, weight: 2},
	{name: "Spotify AB", holder: "Spotify AB", iban: "DE82500105175401187542", bic: "INGDDEFFXXX", posting: "SEPA-LASTSCHRIFT", gvc: "105",
		min: -1099, max: -1099, purposes: []string{"Spotify Premium P2A4B1"}, mandate: "SPOT-5521", creditor: "DE77ZZZ00000451234", weight: 0},
	{name: "Apotheke am Markt", holder: "Apotheke am Markt OHG", iban: "DE27500105175443377712", bic: "INGDDEFFXXX", posting: "KARTENZAHLUNG", gvc: "106",
		min: -4590, max: -390, purposes: []string{"Apotheke am Markt Musterstadt"}, weight: 2},
	{name: "Finanzamt Musterstadt", holder: "Finanzamt Musterstadt", iban: "DE94760000000076001601", bic: "MARKDEF1760", posting: "GUTSCHRIFT", gvc: "166",
		min: 24000, max: 81000, purposes: []string{"Einkommensteuer 2024 Erstattung StNr 123/456/78901"}, weight: 0},
}

// monthly are the standing items: day of month and index into parties.
var monthly = []struct{ day, party int }{{1, 4}, {3, 3}, {15, 2}, {20, 8}}

// makeBookings invents n bookings ending today, newest first, deterministic
// for a seed. Incoming salary arrives monthly; the rest is weighted noise.
func makeBookings(seed uint64, n int, today statement.Date, accountKey string) []statement.Booking {
	r := rand.New(rand.NewPCG(seed, 0x5a1d0))
	total := 0
	for _, p := range parties {
		total += p.weight
	}
	out := make([]statement.Booking, 0, n)
	day := today
	for len(out) < n {
		perDay := r.IntN(3)
		// monthly items: salary, rent, utilities, subscription
		for _, m := range monthly {
			if day.Day == m.day && len(out) < n {
				out = append(out, booking(r, parties[m.party], day, len(out)))
			}
		}
		for i := 0; i < perDay && len(out) < n; i++ {
			pick := r.IntN(total)
			for _, p := range parties {
				if pick < p.weight {
					out = append(out, booking(r, p, day, len(out)))
					break
				}
				pick -= p.weight
			}
		}
		day = day.AddDays(-1)
	}
	out = out[:n]
	statement.AssignIDs(accountKey, out)
	return out
}

func booking(r *rand.Rand, p party, day statement.Date, seq int) statement.Booking {
	cents := p.min
	if p.max > p.min {
		cents += r.Int64N(p.max - p.min + 1)
	}
	b := statement.Booking{
		Status: statement.Booked, BookingDate: day, ValueDate: day, Amount: money.FromCents(cents), Currency: "EUR",
		CounterpartyName: p.name, CounterpartyIBAN: p.iban, CounterpartyBIC: p.bic,
		Purpose: p.purposes[r.IntN(len(p.purposes))], PostingText: p.posting, GVC: p.gvc,
		MandateRef: p.mandate, CreditorID: p.creditor,
		BankRef: fmt.Sprintf("%08d%04d", day.Year*10000+int(day.Month)*100+day.Day, seq%10000),
	}
	if p.posting != "KARTENZAHLUNG" {
		b.EndToEndRef = fmt.Sprintf("E2E-%d-%05d", day.Year, r.IntN(100000))
	}
	if p.posting == "KARTENZAHLUNG" {
		b.ValueDate = day.AddDays(-1)
		b.Purpose += fmt.Sprintf(" %s %02d:%02d", day.AddDays(-1).String(), 8+r.IntN(12), r.IntN(60))
	}
	return b
}

// pendingBookings are card payments not yet booked.
func pendingBookings(today statement.Date, accountKey string) []statement.Booking {
	bs := []statement.Booking{
		{Status: statement.Pending, ValueDate: today, Amount: money.FromCents(-2349), Currency: "EUR",
			CounterpartyName: "REWE Markt GmbH", Purpose: "Kartenzahlung vorgemerkt", PostingText: "VORMERKUNG"},
		{Status: statement.Pending, ValueDate: today.AddDays(-1), Amount: money.FromCents(-5990), Currency: "EUR",
			CounterpartyName: "Online-Shop Beispiel", Purpose: "Reservierung Kartenzahlung", PostingText: "VORMERKUNG"},
	}
	statement.AssignIDs(accountKey, bs)
	return bs
}

// account is one fake account with its bookings.
type account struct {
	info     fints.Account
	balance  money.Amount
	credit   money.Amount
	bookings []statement.Booking // newest first; pending first
	from     statement.Date
	older    int // how many more can be "fetched" from the bank
	seed     uint64
}

// login is one fake bank login.
type login struct {
	id, bank, blz, user, url string
	demo                     bool
	lastSync                 time.Time
	syncErr                  string
	notice                   string // a transfer without a final answer
	accounts                 []*account
	method, medium           string
	pinLock                  chan struct{} // capacity 1: one PIN prompt at a time
}

func demoAccounts(today statement.Date, n int, seed uint64) []*account {
	giro := fints.Account{IBAN: "DE02120300000000202051", BIC: "BYLADEM1001", Number: "0000202051", BankCode: "12030000",
		Currency: "EUR", Owner: "Alex Beispiel", Product: "Girokonto", Type: 1,
		Jobs: []string{"HKSAL", "HKCAZ", "HKKAZ", "HKCCS", "HKIPZ", "HKCSE", "HKTAN"}}
	save := fints.Account{IBAN: "DE53120300001029384756", BIC: "BYLADEM1001", Number: "1029384756", BankCode: "12030000",
		Currency: "EUR", Owner: "Alex Beispiel", Product: "Tagesgeld", Type: 10, Jobs: []string{"HKSAL", "HKCAZ"}}
	g := &account{info: giro, balance: money.MustParse("2345.67"), credit: money.MustParse("1500"), seed: seed, older: n / 2}
	g.bookings = append(pendingBookings(today, giro.IBAN), makeBookings(seed, n, today, giro.IBAN)...)
	s := &account{info: save, balance: money.MustParse("12500"), seed: seed + 1}
	s.bookings = []statement.Booking{{Status: statement.Booked, BookingDate: statement.NewDate(today.Year, today.Month, 1).AddDays(-1),
		ValueDate: statement.NewDate(today.Year, today.Month, 1).AddDays(-1), Amount: money.MustParse("10.42"), Currency: "EUR",
		Purpose: "Zinsen", PostingText: "ABSCHLUSS", GVC: "805"}}
	statement.AssignIDs(save.IBAN, s.bookings)
	for _, a := range []*account{g, s} {
		a.from = oldestDate(a.bookings)
	}
	return []*account{g, s}
}

func oldestDate(bs []statement.Booking) statement.Date {
	var d statement.Date
	for i := range bs {
		bd := bs[i].BookingDate
		if bd.IsZero() {
			bd = bs[i].ValueDate
		}
		if d.IsZero() || bd.Before(d) {
			d = bd
		}
	}
	return d
}
