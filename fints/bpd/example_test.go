package bpd_test

import (
	"fmt"
	"os"

	"saldo/fints/bpd"
	"saldo/fints/wire"
)

// The engine reads BPD and UPD from an init answer and picks versions.
func ExampleParse() {
	raw, err := os.ReadFile("../wire/testdata/guide_12_3_init_answer.bin")
	if err != nil {
		panic(err)
	}
	r, err := wire.ParseResponse(raw)
	if err != nil {
		panic(err)
	}
	b, err := bpd.Parse(r.Segments)
	if err != nil {
		panic(err)
	}
	fmt.Println(b.Name, b.Version, b.URL())
	for _, m := range b.TANMethods() {
		fmt.Println(m.Function, m.Name, m.Decoupled(), "HKTAN", m.HKTANVersion())
	}
	req, _ := b.TANRequired("HKSAL")
	fmt.Println("HKSAL", b.Highest("HKSAL", 5, 6, 7), "needs HKTAN:", req)

	u, err := bpd.ParseUPD(r.Segments)
	if err != nil {
		panic(err)
	}
	a := u.Accounts[0]
	fmt.Println(a.IBAN, a.Product, u.Allows(a, "HKCCS"), u.Allows(a, "HKIPZ"))
	// Output:
	// Testbank Musterstadt 18 https://fints.testbank.example/fints
	// 942 SMS-TAN false HKTAN 7
	// 946 App-Freigabe true HKTAN 7
	// HKSAL 7 needs HKTAN: true
	// DE87123456781234567890 Girokonto true false
}
