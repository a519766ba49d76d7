package mt940

import (
	"strconv"
	"strings"

	"saldo/fints/statement"
)

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// lookup resolves a check path (see corpusCase) to a string.
func lookup(sts []statement.Statement, path string) (string, error) {
	parts := strings.Split(path, ".")
	var st *statement.Statement
	switch {
	case parts[0] == "last":
		st = &sts[len(sts)-1]
	case strings.HasPrefix(parts[0], "s"):
		i, err := strconv.Atoi(parts[0][1:])
		if err != nil || i >= len(sts) {
			return "", errBadPath
		}
		st = &sts[i]
	default:
		return "", errBadPath
	}
	if len(parts) == 2 {
		switch parts[1] {
		case "account":
			return st.Account, nil
		case "number":
			return st.Number, nil
		case "currency":
			return st.Currency, nil
		case "pending":
			return strconv.FormatBool(st.Pending), nil
		case "info":
			return st.Info, nil
		case "opening":
			return balStr(st.Opening), nil
		case "closing":
			return balStr(st.Closing), nil
		case "available":
			return balStr(st.Available), nil
		case "forward":
			var fs []string
			for i := range st.Forward {
				fs = append(fs, balStr(&st.Forward[i]))
			}
			return strings.Join(fs, "; "), nil
		case "count":
			return strconv.Itoa(len(st.Bookings)), nil
		}
		return "", errBadPath
	}
	if len(parts) != 3 || !strings.HasPrefix(parts[1], "b") {
		return "", errBadPath
	}
	i, err := strconv.Atoi(parts[1][1:])
	if err != nil || i >= len(st.Bookings) {
		return "", errBadPath
	}
	b := &st.Bookings[i]
	switch parts[2] {
	case "amount":
		return b.Amount.String(), nil
	case "value":
		return b.ValueDate.String(), nil
	case "booked":
		return b.BookingDate.String(), nil
	case "name":
		return b.CounterpartyName, nil
	case "iban":
		return b.CounterpartyIBAN, nil
	case "bic":
		return b.CounterpartyBIC, nil
	case "purpose":
		return b.Purpose, nil
	case "posting":
		return b.PostingText, nil
	case "eref":
		return b.EndToEndRef, nil
	case "kref":
		return b.CustomerRef, nil
	case "mref":
		return b.MandateRef, nil
	case "cred":
		return b.CreditorID, nil
	case "gvc":
		return b.GVC, nil
	case "type":
		return b.TypeCode, nil
	case "bankref":
		return b.BankRef, nil
	case "extra":
		return b.Extra, nil
	case "reversal":
		return strconv.FormatBool(b.Reversal), nil
	case "status":
		return b.Status.String(), nil
	case "running":
		if b.RunningBalance == nil {
			return "<nil>", nil
		}
		return b.RunningBalance.String(), nil
	}
	return "", errBadPath
}

type pathError string

func (e pathError) Error() string { return string(e) }

const errBadPath = pathError("no such path in the parse result")

func balStr(b *statement.Balance) string {
	if b == nil {
		return "<nil>"
	}
	return b.Amount.String() + " " + b.Currency + " " + b.Date.String()
}
