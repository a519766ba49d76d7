package demobank

import (
	"fmt"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// demoHistory is Max Mustermann's two years: salary, a household account
// shared with Erika, savings, contracts, shopping.
type demoHistory struct {
	*gen
	giro, tg, joint *book
	firstFitX       statement.Date // the gym contract began inside the window
	vacationMonth   time.Month
	sweptMonth      statement.Date // first day of the month of the last sweep
}

// generateDemo builds the three books of the demo login.
func generateDemo(seed uint64, today statement.Date, nowMinute int) []*book {
	g := newGen(seed, 0xD3E0, today, nowMinute, 2)
	h := &demoHistory{
		gen:   g,
		giro:  newBook(maxGiro, g.start, money.FromCents(2_143_87)),
		tg:    newBook(maxTagesgeld, g.start, money.FromCents(9_250_00)),
		joint: newBook(maxJoint, g.start, money.FromCents(1_326_40)),
	}
	h.firstFitX = statement.NewDate(today.Year, today.Month-8, 1)
	h.vacationMonth = time.July + time.Month(g.rng.IntN(2))
	for d := g.start; !d.After(today); d = d.AddDays(1) {
		h.day(d)
		if isBusinessDay(d) {
			g.flush(d)
			h.rebalance(d)
		}
		for _, bk := range []*book{h.giro, h.tg, h.joint} {
			bk.accrued += bk.balance.Cents()
		}
		if d.AddDays(1).Day == 1 {
			h.interest(d)
		}
	}
	g.finish()
	for _, bk := range []*book{h.giro, h.joint} {
		fitStatementWindow(bk)
	}
	return []*book{h.giro, h.tg, h.joint}
}

// day schedules what happens on calendar day d.
func (h *demoHistory) day(d statement.Date) {
	h.incomes(d)
	h.contracts(d)
	h.household(d)
	h.shopping(h.giro, d, 1, 1)
	h.shopping(h.joint, d, 2, 2)
	h.extras(d)
}

func (h *demoHistory) incomes(d statement.Date) {
	if d == lastBusinessDay(d.Year, d.Month) {
		b := statement.Booking{
			Amount:  money.FromCents(salary(h.start, d)),
			Purpose: "Lohn/Gehalt " + monthYear(d) + " PNR 004711", EndToEndRef: fmt.Sprintf("GEHALT-%d-%02d-004711", d.Year, int(d.Month)),
			PurposeCode: "SALA",
		}
		setParty(&b, pEmployer.Name, pEmployer.IBAN, pEmployer.BIC)
		txSalary.apply(&b)
		h.schedule(h.giro, d, b)
		if d.Month == time.November {
			x := b
			x.Amount = money.FromCents(salary(h.start, d) * 55 / 100)
			x.Purpose = fmt.Sprintf("Weihnachtsgeld %d PNR 004711", d.Year)
			x.EndToEndRef = fmt.Sprintf("WG-%d-004711", d.Year)
			h.schedule(h.giro, d, x)
		}
	}
	if d.Month == time.July && d.Day == 9+h.start.Day%10 {
		b := statement.Booking{
			Amount:  money.FromCents(h.cents(312_00, 1_284_00)),
			Purpose: fmt.Sprintf("EST %d StNr 146/123/45678 Erstattung", d.Year-1), PurposeCode: "TAXS",
		}
		setParty(&b, pFinanzamt.Name, pFinanzamt.IBAN, pFinanzamt.BIC)
		txCreditIn.apply(&b)
		h.schedule(h.giro, d, b)
	}
	if d.Month == time.June && d.Day == 14 {
		b := statement.Booking{Amount: money.FromCents(50_00), Purpose: "Alles Gute zum Geburtstag, Max! Oma Gisela"}
		setParty(&b, pOma.Name, pOma.IBAN, pOma.BIC)
		txCreditIn.apply(&b)
		h.schedule(h.giro, d, b)
	}
}

// salary is the net monthly pay: a raise of 3.5 % every April.
func salary(start, d statement.Date) int64 {
	pay := int64(3_412_57)
	for y := start.Year; y <= d.Year; y++ {
		april := statement.NewDate(y, time.April, 1)
		if april.After(start) && !april.After(d) {
			pay = pay * 1035 / 1000
		}
	}
	return pay
}

func setParty(b *statement.Booking, name, iban, bic string) {
	b.CounterpartyName, b.CounterpartyIBAN, b.CounterpartyBIC = name, iban, bic
}

// debit schedules a SEPA direct debit of c.
func (h *demoHistory) debit(bk *book, d statement.Date, c creditor, cents int64, purpose, eref, purposeCode string, first bool) {
	b := statement.Booking{
		Amount: money.FromCents(-cents), Purpose: purpose, EndToEndRef: eref,
		MandateRef: c.Mandate, CreditorID: c.CI, PurposeCode: purposeCode,
	}
	setParty(&b, c.Name, c.IBAN, c.BIC)
	if first {
		txFirstDebit.apply(&b)
	} else {
		txDirectDebit.apply(&b)
	}
	h.schedule(bk, d, b)
}

// contracts are Max's own direct debits.
func (h *demoHistory) contracts(d statement.Date) {
	my := monthYear(d)
	switch d.Day {
	case 1:
		if !d.Before(h.firstFitX) {
			h.debit(h.giro, d, cFitX, 24_99, "Mitgliedsbeitrag "+my+" Mitgl-Nr. 0123456", "FITX"+d.Compact(), "", d == h.firstFitX)
		}
		ticket := int64(49_00)
		if d.Year >= 2025 {
			ticket = 58_00
		}
		h.debit(h.giro, d, cDB, ticket, "Deutschlandticket "+my+" Abo-Nr. 5123456", "DB"+h.digits(12), "", false)
		if d.Month == time.January {
			h.debit(h.giro, d, cHUK, 487_60+int64(d.Year-2024)*23_10, fmt.Sprintf("Kfz-Versicherung M-MM 1234 Beitrag %d VS-Nr. 123/456789-K", d.Year), "HUK"+h.digits(10), "INSU", false)
		}
		if d.Month == time.March {
			h.debit(h.giro, d, cAllianz, 68_90, fmt.Sprintf("Privathaftpflicht AS-1234567890 Beitrag 03/%d-02/%d", d.Year, d.Year+1), "AZ"+h.digits(10), "INSU", false)
		}
	case 5:
		amt := int64(19_99)
		if h.chance(150) {
			amt += h.cents(1_20, 9_80) // roaming, extra data
		}
		h.debit(h.giro, d, cTelefonica, amt, "O2 Rechnung "+my+" Kd-Nr. 6012345678", "RG"+h.digits(10), "PHON", false)
	case 8:
		price := int64(10_99)
		if d.Year >= 2025 {
			price = 11_99
		}
		h.debit(h.giro, d, cSpotify, price, "Spotify Premium P1A2B3C4D5", "SP"+h.alnum(14), "", false)
	case 15:
		if d.Month == time.January {
			h.debit(h.giro, d, creditor{party: pVerein, CI: creditorID("00000987654"), Mandate: "TSV-0815"},
				96_00, fmt.Sprintf("Mitgliedsbeitrag %d Abteilung Volleyball", d.Year), "TSV"+h.digits(8), "", false)
		}
	case 18:
		h.debit(h.giro, d, cNetflix, 13_99, "Netflix Mitgliedschaft "+my, "NF"+h.digits(12), "", false)
	}
	if d == lastBusinessDay(d.Year, d.Month) {
		b := statement.Booking{Amount: money.FromCents(-4_90), Purpose: "Kontoführungsentgelt " + my}
		txFee.apply(&b)
		h.schedule(h.giro, d, b)
	}
}

// household is the shared account: contributions, rent, energy, internet.
func (h *demoHistory) household(d statement.Date) {
	my := monthYear(d)
	switch d.Day {
	case 1:
		h.transfer(h.giro, h.joint, d, 1_000_00, "Haushaltskasse", txStandingOut, txStandingIn)
		b := statement.Booking{Amount: money.FromCents(800_00), Purpose: "Haushaltsgeld " + my}
		setParty(&b, pErika.Name, pErika.IBAN, pErika.BIC)
		txCreditIn.apply(&b)
		h.schedule(h.joint, d, b)
		rent := int64(1_180_00)
		if d.After(h.start.AddDays(420)) { // Mieterhöhung after 14 months
			rent = 1_235_00
		}
		r := statement.Booking{Amount: money.FromCents(-rent), Purpose: "Miete " + my + " Musterstraße 12, 80331 München, 3. OG links", PurposeCode: "RENT"}
		setParty(&r, pLandlord.Name, pLandlord.IBAN, pLandlord.BIC)
		txStandingOut.apply(&r)
		h.schedule(h.joint, d, r)
	case 3:
		h.debit(h.joint, d, cVodafone, 39_99, "Kundennr. 123456789 Rechnung "+my+" Kabel Internet", "VF"+h.digits(11), "PHON", false)
	case 15:
		h.debit(h.joint, d, cEON, strom(d), "Abschlag Strom "+my+" Vertragskonto 207012345678", "EON"+h.digits(10), "ELEC", false)
		h.debit(h.joint, d, cSWM, 95_00, "Abschlag Erdgas "+my+" VK 4001234567", "SWM"+h.digits(10), "GASB", false)
		if d.Month%3 == 2 {
			h.debit(h.joint, d, cRundfunk, 55_08, fmt.Sprintf("Rundfunkbeitrag %02d.%d - %02d.%d Beitragsnr. 452198736", int(d.Month), d.Year, int(d.Month)+2, d.Year), "RB"+h.digits(12), "", false)
		}
		if d.Month == time.October {
			h.debit(h.joint, d, cAllianz, 112_80, fmt.Sprintf("Hausratversicherung HR-2233445566 Beitrag %d/%d", d.Year, d.Year+1), "AZ"+h.digits(10), "INSU", false)
		}
	case 20:
		if d.Month == time.March { // annual electricity bill
			diff := h.cents(-140_00, 96_00)
			b := statement.Booking{Purpose: fmt.Sprintf("Jahresabrechnung Strom %d Vertragskonto 207012345678", d.Year-1)}
			setParty(&b, cEON.Name, cEON.IBAN, cEON.BIC)
			if diff >= 0 {
				b.Amount = money.FromCents(diff)
				b.Purpose = "Guthaben " + b.Purpose
				txRefund.apply(&b)
			} else {
				b.Amount, b.MandateRef, b.CreditorID = money.FromCents(diff), cEON.Mandate, cEON.CI
				b.Purpose = "Nachzahlung " + b.Purpose
				txDirectDebit.apply(&b)
			}
			h.schedule(h.joint, d, b)
		}
	}
}

// strom is the monthly electricity instalment, adjusted after each bill.
func strom(d statement.Date) int64 {
	if d.Month >= time.April {
		return 78_00 + int64(d.Year%3)*4_00
	}
	return 78_00 + int64((d.Year-1)%3)*4_00
}
