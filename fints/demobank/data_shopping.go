package demobank

import (
	"fmt"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// shopOpen reports whether shops of kind m are open on d: German shops
// close on Sundays and public holidays, petrol stations and restaurants do
// not.
func shopOpen(m merchant, d statement.Date) bool {
	if m.Sunday {
		return true
	}
	return d.Time().Weekday() != time.Sunday && (isBusinessDay(d) || d.Time().Weekday() == time.Saturday)
}

// earlyMorning: "now" is before the shops open.
func (h *demoHistory) earlyMorning() bool { return h.nowMinute < 8*60 }

// shopping draws card payments and cash withdrawals for one card holder.
// who 1 is Max (his Girokonto), who 2 Erika (the household account, bigger
// weekly shops).
func (h *demoHistory) shopping(bk *book, d statement.Date, card, who int) {
	if d == h.today && h.earlyMorning() {
		return // nobody shopped yet today
	}
	paid := false
	try := func(list []merchant, perMille int, scale int64) {
		m := list[h.rng.IntN(len(list))]
		if !h.chance(perMille) || !shopOpen(m, d) {
			return
		}
		h.card(bk, d, m, card, h.skewed(m.Lo, m.Hi)*scale/10)
		paid = true
	}
	if who == 1 {
		try(groceries, 300, 10)
		try(drugstores, 60, 10)
		try(fuel, 110, 10)
		try(eatingOut, 130, 10)
		try(occasional, 30, 10)
		if h.chance(50) {
			h.cash(bk, d, card)
		}
		if d.Month == h.vacationMonth && d.Day >= 12 && d.Day <= 22 {
			try(vacation, 600, 10)
		}
		// The last two days always have a card payment, so the demo shows
		// pending entries.
		if !paid && !d.Before(h.today.AddDays(-1)) {
			m := groceries[0]
			if !shopOpen(m, d) {
				m = fuel[0]
			}
			h.card(bk, d, m, card, h.skewed(m.Lo, m.Hi))
		}
		return
	}
	try(groceries, 280, 14)
	try(drugstores, 80, 10)
	try(occasional, 10, 10)
}

// card schedules a card payment made on d; banks book it one or two
// business days later with the purchase day as value date.
func (h *demoHistory) card(bk *book, d statement.Date, m merchant, card int, cents int64) {
	minute := h.clock(d, 8, 21)
	acq := pAcquirer
	if card == 2 {
		acq = pAcquirer2
	}
	b := statement.Booking{
		Amount: money.FromCents(-cents), ValueDate: d,
		Purpose:     fmt.Sprintf("%s//%s/DE %sT%02d:%02d Debitk.%d 2027-12", m.Name, m.City, d, minute/60, minute%60, card),
		EndToEndRef: h.digits(20),
	}
	setParty(&b, m.Name, acq.IBAN, acq.BIC)
	txCard.apply(&b)
	due := d.AddDays(1 + h.rng.IntN(2))
	if d == h.today.AddDays(-1) && h.earlyMorning() && !due.After(h.today) {
		// Nobody paid today yet, so yesterday's payments are the ones the
		// bank has not booked: the demo's pending entries.
		due = h.today.AddDays(1)
	}
	h.schedule(bk, due, b)
	// Now and then the shop reverses a payment (wrong amount, returned goods).
	if h.chance(15) || (m.Lo >= 19_99 && h.chance(80)) {
		r := b
		r.Amount = money.FromCents(cents)
		r.Reversal = true
		r.Purpose = "Storno " + b.Purpose
		r.ValueDate = d.AddDays(3)
		r.EndToEndRef = h.digits(20)
		txCardReversal.apply(&r)
		h.schedule(bk, d.AddDays(3), r)
	}
}

// cash schedules an ATM withdrawal.
func (h *demoHistory) cash(bk *book, d statement.Date, card int) {
	minute := h.clock(d, 7, 23)
	amounts := []int64{50_00, 50_00, 100_00, 100_00, 150_00, 200_00, 300_00}
	b := statement.Booking{
		Amount: money.FromCents(-amounts[h.rng.IntN(len(amounts))]), ValueDate: d,
		Purpose: fmt.Sprintf("GA NR0000%s BLZ70150000 %d %02d.%02d/%02d.%02dUHR München Marienplatz",
			h.digits(4), card, d.Day, int(d.Month), minute/60, minute%60),
	}
	setParty(&b, pATM.Name, "", pATM.BIC)
	txCash.apply(&b)
	h.schedule(bk, d.AddDays(1), b)
}

var paypalSellers = []string{"Kleinanzeigen Verkäufer", "Zalando SE", "Thomann GmbH", "Etsy Ireland UC", "Müller Sportartikel"}

// extras are the irregular things: online shopping, refunds, friends,
// savings, the summer holiday.
func (h *demoHistory) extras(d statement.Date) {
	amazon := 70
	if d.Month == time.December {
		amazon = 160
	}
	if h.chance(amazon) {
		order := fmt.Sprintf("30%d-%s-%s", 2+h.rng.IntN(4), h.digits(7), h.digits(7))
		cents := h.skewed(7_99, 149_00)
		h.debit(h.giro, d.AddDays(2), cAmazon, cents, order+" Amazon.de "+h.alnum(12), order, "", false)
		if h.chance(125) {
			b := statement.Booking{Amount: money.FromCents(cents), Purpose: "Erstattung " + order + " Amazon.de", EndToEndRef: "R" + order}
			setParty(&b, cAmazon.Name, cAmazon.IBAN, cAmazon.BIC)
			txRefund.apply(&b)
			h.schedule(h.giro, d.AddDays(16), b)
		}
	}
	if h.chance(25) {
		seller := paypalSellers[h.rng.IntN(len(paypalSellers))]
		h.debit(h.giro, d.AddDays(1), cPayPal, h.skewed(5_00, 89_00),
			"1038"+h.digits(9)+" PP.7265.PP . Ihr Einkauf bei "+seller, "1038"+h.digits(9), "", false)
	}
	if h.chance(12) {
		purposes := []string{"Konzertkarte", "Pizza gestern", "Tankgeld Ausflug", "Anteil Hüttenwochenende"}
		b := statement.Booking{Amount: money.FromCents(h.cents(3, 12) * 5_00), Purpose: purposes[h.rng.IntN(len(purposes))]}
		setParty(&b, pJuergen.Name, pJuergen.IBAN, pJuergen.BIC)
		txCreditIn.apply(&b)
		h.schedule(h.giro, d, b)
	}
	if h.chance(8) {
		h.outgoing(h.giro, d, pSoeren, h.cents(2, 10)*5_00, "Anteil Geschenk für Lena")
	}
	if d == h.start.AddDays(200) {
		h.outgoing(h.giro, d, pHandwerker, 386_75, "Rechnung Nr. 2024-0815 Steckdosen Küche")
	}
	if d.Day == 2 {
		h.transfer(h.giro, h.tg, d, 250_00, "Sparplan Tagesgeld", txStandingOut, txStandingIn)
	}
	if d.Month == h.vacationMonth && d.Day == 10 {
		h.transfer(h.tg, h.giro, d, 1_500_00, "Urlaub", txTransferOut, txTransferIn)
	}
	if d == lastBusinessDay(d.Year, d.Month) {
		b := statement.Booking{Amount: money.FromCents(-2_90), Purpose: "Kontoführungsentgelt " + monthYear(d)}
		txFee.apply(&b)
		h.schedule(h.joint, d, b)
	}
}

// outgoing schedules an online transfer to an outside account.
func (h *demoHistory) outgoing(bk *book, d statement.Date, to party, cents int64, purpose string) {
	b := statement.Booking{Amount: money.FromCents(-cents), Purpose: purpose}
	setParty(&b, to.Name, to.IBAN, to.BIC)
	txOnline.apply(&b)
	h.schedule(bk, d, b)
}

// rebalance is what a careful customer does: top up the Girokonto from
// savings before it runs dry, move surplus to savings once a month, and
// keep the household account afloat.
func (h *demoHistory) rebalance(d statement.Date) {
	moved := false
	if low := h.giro.balance.Cents(); low < 150_00 && h.tg.balance.Cents() >= 1_000_00 {
		amt := max(300_00, roundUp(400_00-low, 100_00))
		h.transfer(h.tg, h.giro, d, min(amt, h.tg.balance.Cents()), "Umbuchung", txTransferOut, txTransferIn)
		moved = true
	}
	month := statement.NewDate(d.Year, d.Month, 1)
	if d.Day >= 10 && h.sweptMonth != month {
		h.sweptMonth = month
		if bal := h.giro.balance.Cents(); bal > 2_800_00 {
			h.transfer(h.giro, h.tg, d, (bal-1_800_00)/100_00*100_00, "Umbuchung auf Tagesgeld", txTransferOut, txTransferIn)
			moved = true
		}
	}
	if h.joint.balance.Cents() < 250_00 {
		h.transfer(h.giro, h.joint, d, 300_00, "Ausgleich Haushaltskonto", txOnline, txCreditIn)
		moved = true
	}
	if moved {
		h.flush(d)
	}
}

func roundUp(v, step int64) int64 { return (v + step - 1) / step * step }

// interestBP is the Tagesgeld rate in basis points per year.
func interestBP(d statement.Date) int64 {
	switch {
	case d.Year <= 2024:
		return 300
	case d.Year == 2025:
		return 225
	}
	return 175
}

// interest credits the Tagesgeld's interest for the month ending on d
// (actual/365 on end-of-day balances), booked on the next business day
// with value date d.
func (h *demoHistory) interest(d statement.Date) {
	bp := interestBP(d)
	cents := h.tg.accrued * bp / (365 * 10_000)
	for _, bk := range []*book{h.giro, h.tg, h.joint} {
		bk.accrued = 0
	}
	if cents <= 0 {
		return
	}
	b := statement.Booking{
		Amount: money.FromCents(cents), ValueDate: d,
		Purpose: fmt.Sprintf("Abschluss per %s Habenzinsen %d,%02d %% p.a.", germanDate(d), bp/100, bp%100),
	}
	txInterest.apply(&b)
	h.schedule(h.tg, d.AddDays(1), b)
}
