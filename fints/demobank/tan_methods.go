package demobank

import (
	"strconv"
	"strings"

	"saldo/fints/wire"
)

// The demo bank's two-step TAN methods (security functions). Every login
// may use all four unless LoginOptions.Methods narrows the list.
const (
	MethodDecoupled = "946" // app approval ("Demo-App"), decoupled, HKTAN v7 only
	MethodChipTAN   = "911" // chipTAN optisch, HHD 1.4 flicker code
	MethodPhotoTAN  = "902" // photoTAN, colour matrix PNG
	MethodSMS       = "942" // SMS-TAN, typed by hand
	// OneStep is the one-step security function: only for synchronisation
	// and bootstrap dialogs (which methods may I use?), never for jobs.
	OneStep = "999"
)

// AllMethods lists the methods in the order of the 3920 list: decoupled
// first, as a client should prefer it.
var AllMethods = []string{MethodDecoupled, MethodChipTAN, MethodPhotoTAN, MethodSMS}

// tanMethod is one entry of HITANS.
type tanMethod struct {
	code      string // security function
	techID    string // Technische Identifikation
	dkName    string // ZKA/DK TAN-Verfahren
	dkVersion string
	name      string // display name (≤30)
	label     string // Text zur Belegung des Rückgabewertes (≤30)
	decoupled bool
	// mediumRequired is "Bezeichnung des TAN-Mediums erforderlich":
	// 0 must not, 1 may, 2 must be given.
	mediumRequired string
	mediaCount     string // Anzahl unterstützter aktiver TAN-Medien
}

var tanMethods = map[string]*tanMethod{
	MethodDecoupled: {code: MethodDecoupled, techID: "DEMOAPP", dkName: "Decoupled", dkVersion: "",
		name: "Demo-App (Freigabe)", label: "Freigabe in der Demo-App", decoupled: true,
		mediumRequired: "0", mediaCount: "1"},
	MethodChipTAN: {code: MethodChipTAN, techID: "HHD1.4OPT", dkName: "HHDOPT1", dkVersion: "1.4",
		name: "chipTAN optisch", label: "TAN", mediumRequired: "0", mediaCount: "1"},
	MethodPhotoTAN: {code: MethodPhotoTAN, techID: "MS1.0.0", dkName: "", dkVersion: "",
		name: "photoTAN", label: "TAN", mediumRequired: "0", mediaCount: "1"},
	MethodSMS: {code: MethodSMS, techID: "mobileTAN", dkName: "mobileTAN", dkVersion: "",
		name: "SMS-TAN", label: "TAN", mediumRequired: "0", mediaCount: "1"},
}

// Decoupled polling rules announced in HITANS v7 (#22–#24).
const (
	decoupledMaxPolls  = 60
	decoupledFirstWait = 2 // seconds
	decoupledNextWait  = 2
)

// tanLength is the length of the TANs the bank issues.
const tanLength = 6

// values returns the method's HITANS entry in element version 6 (21 fields)
// or 7 (26 fields). Nested entries must occupy every position, so empty
// fields are written as empty values rather than dropped.
func (m *tanMethod) values(version int) []wire.Value {
	maxLen, format := "6", "1"
	if m.decoupled && version >= 7 {
		// v7: must be empty for decoupled methods.
		maxLen, format = "", ""
	}
	f := []string{
		m.code,           // 1 Sicherheitsfunktion
		"2",              // 2 TAN-Prozess (variant 2)
		m.techID,         // 3 Technische Identifikation
		m.dkName,         // 4 ZKA/DK TAN-Verfahren
		m.dkVersion,      // 5 Version
		m.name,           // 6 Name
		maxLen,           // 7 Maximale Länge des TAN-Eingabewertes
		format,           // 8 Erlaubtes Format (1 numerisch)
		m.label,          // 9 Text zur Belegung des Rückgabewertes
		"2048",           // 10 Maximale Länge des Rückgabewertes
		"N",              // 11 Mehrfach-TAN erlaubt
		"1",              // 12 TAN Zeit- und Dialogbezug: same dialog only
		"N",              // 13 Auftragsstorno erlaubt
		"0",              // 14 SMS-Abbuchungskonto erforderlich
		"0",              // 15 Auftraggeberkonto erforderlich
		"N",              // 16 Challenge-Klasse erforderlich
		"J",              // 17 Challenge strukturiert
		"00",             // 18 Initialisierungsmodus
		m.mediumRequired, // 19 Bezeichnung des TAN-Mediums erforderlich
		"N",              // 20 Antwort HHD_UC erforderlich
		m.mediaCount,     // 21 Anzahl unterstützter aktiver TAN-Medien
	}
	if version >= 7 {
		if m.decoupled {
			f = append(f, strconv.Itoa(decoupledMaxPolls), strconv.Itoa(decoupledFirstWait), strconv.Itoa(decoupledNextWait), "J", "J")
		} else {
			f = append(f, "", "", "", "", "")
		}
	}
	vals := make([]wire.Value, len(f))
	for i, s := range f {
		vals[i] = wire.Text(s)
	}
	return vals
}

// hitans builds HITANS in the given version listing the methods that
// version can carry: decoupled methods need HKTAN v7 (process S).
func hitans(version int) *wire.Segment {
	params := wire.G(wire.Text("N"), wire.Text("J"), wire.Text("0"))
	// The decoupled method goes last: its v7 fields 22–26 are filled, so
	// every entry keeps all its positions even though the encoder drops
	// trailing empty values at the end of the group.
	for _, code := range []string{MethodChipTAN, MethodPhotoTAN, MethodSMS, MethodDecoupled} {
		m := tanMethods[code]
		if m.decoupled && version < 7 {
			continue
		}
		params = append(params, m.values(version)...)
	}
	return wire.NewSegment("HITANS", version, wire.N(1), wire.N(1), wire.N(0), params)
}

// methodInVersion reports whether HITANS of the given HKTAN version lists
// the method.
func methodInVersion(code string, version int) bool {
	m, ok := tanMethods[code]
	if !ok || (version != 6 && version != 7) {
		return false
	}
	return !m.decoupled || version >= 7
}

// MethodSummary lists the TAN methods for people: "946 Demo-App …, 911 …".
func MethodSummary() string {
	parts := make([]string, len(AllMethods))
	for i, code := range AllMethods {
		parts[i] = code + " " + tanMethods[code].name
	}
	return strings.Join(parts, ", ")
}
