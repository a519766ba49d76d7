// Package bankdir is the German bank directory: bank code (BLZ) → name,
// city, BIC and FinTS PIN/TAN address, embedded in the binary.
// [Lookup] finds a bank by BLZ, [ByBIC] by BIC, and [Search] ranks banks
// matching a free-text query (name, city, BLZ or BIC, umlaut spellings
// folded) for a bank picker; [Bank.PinTanURL] is the address to give the
// fints client, empty when [Bank.HasPinTan] says the bank has none on
// record.
//
// The data file blz.properties comes from hbci4java
// (src/main/resources/blz.properties, LGPL-2.1, licence text in
// blz.properties.LICENSE.txt next to it). Each line reads
//
//	BLZ=name|city|BIC|check method|RDH address|PIN/TAN URL|RDH version|PIN/TAN version|
//
// in UTF-8 with CRLF line ends. It is parsed once, on first use, so programs
// that never look a bank up pay nothing.
package bankdir

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed blz.properties
var rawData string

// Bank is one entry of the directory.
type Bank struct {
	BLZ         string `json:"blz"`
	Name        string `json:"name"`
	City        string `json:"city"`
	BIC         string `json:"bic,omitempty"`
	CheckMethod string `json:"check_method,omitempty"` // Prüfzifferverfahren, e.g. "34"
	// HBCIHost is the RDH/HBCI address; saldo does not use it.
	HBCIHost string `json:"hbci_host,omitempty"`
	// PinTanURL is the FinTS PIN/TAN endpoint, empty when the bank has none
	// on record.
	PinTanURL     string `json:"pintan_url,omitempty"`
	HBCIVersion   string `json:"hbci_version,omitempty"`
	PinTanVersion string `json:"pintan_version,omitempty"` // e.g. "300" for FinTS 3.0
}

// HasPinTan reports whether the directory knows a PIN/TAN endpoint.
func (b Bank) HasPinTan() bool { return b.PinTanURL != "" }

type directory struct {
	banks []Bank
	byBLZ map[string]int
	byBIC map[string][]int // key: 11-character BIC
	keys  []searchKey      // parallel to banks
}

var (
	once sync.Once
	dir  *directory
)

func load() *directory {
	once.Do(func() { dir = parse(rawData) })
	return dir
}

// parse reads the properties text. Malformed lines are skipped: the file is
// generated and shipped with the binary, so a bad line is a packaging bug the
// tests catch, not something a user can fix at run time.
func parse(data string) *directory {
	d := &directory{
		banks: make([]Bank, 0, 4096),
		byBLZ: make(map[string]int, 4096),
		byBIC: make(map[string][]int, 4096),
	}
	for len(data) > 0 {
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		line = strings.TrimRight(line, "\r")
		b, ok := parseLine(line)
		if !ok {
			continue
		}
		if _, dup := d.byBLZ[b.BLZ]; dup {
			continue
		}
		d.byBLZ[b.BLZ] = len(d.banks)
		if b.BIC != "" {
			k := bic11(b.BIC)
			d.byBIC[k] = append(d.byBIC[k], len(d.banks))
		}
		d.banks = append(d.banks, b)
		d.keys = append(d.keys, makeKey(b))
	}
	return d
}

func parseLine(line string) (Bank, bool) {
	if line == "" || line[0] == '#' || line[0] == '!' {
		return Bank{}, false
	}
	blz, rest, ok := strings.Cut(line, "=")
	blz = strings.TrimSpace(blz)
	if !ok || !isBLZ(blz) {
		return Bank{}, false
	}
	f := strings.Split(rest, "|")
	get := func(i int) string {
		if i < len(f) {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	b := Bank{
		BLZ: blz, Name: get(0), City: get(1), BIC: strings.ToUpper(get(2)), CheckMethod: get(3),
		HBCIHost: get(4), PinTanURL: get(5), HBCIVersion: get(6), PinTanVersion: get(7),
	}
	return b, b.Name != ""
}

func isBLZ(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// bic11 pads an 8-character BIC to its 11-character primary-office form.
func bic11(bic string) string {
	bic = strings.ToUpper(strings.TrimSpace(bic))
	if len(bic) == 8 {
		return bic + "XXX"
	}
	return bic
}

// Lookup returns the bank with the given BLZ. Spaces in blz are ignored
// ("100 500 00" works).
func Lookup(blz string) (Bank, bool) {
	d := load()
	i, ok := d.byBLZ[strings.ReplaceAll(strings.TrimSpace(blz), " ", "")]
	if !ok {
		return Bank{}, false
	}
	return d.banks[i], true
}

// ByBIC returns every bank (BLZ) that uses the given BIC, those with a
// PIN/TAN endpoint first. Many BLZs share one BIC (branches, merged banks);
// an 8-character BIC matches its "XXX" form and vice versa.
func ByBIC(bic string) []Bank {
	d := load()
	idx := d.byBIC[bic11(bic)]
	out := make([]Bank, 0, len(idx))
	for _, i := range idx {
		out = append(out, d.banks[i])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].HasPinTan() != out[j].HasPinTan() {
			return out[i].HasPinTan()
		}
		return out[i].BLZ < out[j].BLZ
	})
	return out
}

// Len returns the number of banks in the directory.
func Len() int { return len(load().banks) }
