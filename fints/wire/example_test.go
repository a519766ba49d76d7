package wire_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// A client builds a signed balance query and logs it redacted.
func ExampleNewSigned() {
	acct := wire.KTI{IBAN: "DE87123456781234567890", BIC: "TESTDEFFXXX", Number: "1234567890",
		Bank: wire.KIK{Country: wire.CountryDE, Code: "12345678"}}
	msg, err := wire.NewSigned(
		wire.Head{DialogID: "8F3KQ27ZD0B1", Number: 2},
		wire.Security{BankCode: "12345678", UserID: "test1", SystemID: "7Gq2XbL9RkVt4Mzp",
			Function: "942", PIN: secret.New("1234"), ControlRef: "4711002",
			Time: time.Date(2025, 1, 15, 10, 15, 3, 0, time.UTC)},
		wire.NewSegment("HKSAL", 7, acct.DE(), wire.S("N")),
		wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")),
	)
	if err != nil {
		panic(err)
	}
	body, _ := msg.Bytes() // what goes over HTTP (base64-encoded by the transport)
	fmt.Println(len(body), msg.Jobs()[0].Header())
	trace := string(msg.Trace())
	fmt.Println(trace[strings.Index(trace, "HNSHA"):])
	// Output:
	// 411 HKSAL:3:7
	// HNSHA:5:2+4711002++***''HNHBS:6:1+2'
}

// A client reads a bank answer: header, data segments and return codes.
func ExampleParseResponse() {
	raw := []byte("HNHBK:1:3+000000000152+300+D1+2+D1:2'HIRMG:2:2+9800::Dialog abgebrochen.+9942::PIN ungueltig.'HIRMS:3:2:3+9210:2,1:IBAN ungueltig.'HNHBS:4:1+2'")
	r, err := wire.ParseResponse(raw)
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Head.DialogID, r.Head.Number, r.DialogEnded())
	var be *wire.BankError
	if errors.As(r.Err(), &be) {
		fmt.Println(be.Code, be.Text, be.Has(wire.WrongLoginCodes...))
	}
	for _, c := range r.Codes.ForSegment(3) {
		fmt.Println(c.Code, c.Ref, c.Class())
	}
	// Output:
	// D1 2 true
	// 9942 PIN ungueltig. true
	// 9210 2,1 error
}
