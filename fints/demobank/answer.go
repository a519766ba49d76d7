package demobank

import (
	"fmt"
	"slices"

	"saldo/fints/wire"
)

// rc builds a return code for HIRMG/HIRMS.
func rc(code, text string, params ...string) wire.ReturnCode {
	return wire.ReturnCode{Code: code, Text: text, Params: params}
}

// rcAt builds a return code that names the faulty element (Bezugsdatenelement).
func rcAt(code, ref, text string) wire.ReturnCode {
	return wire.ReturnCode{Code: code, Ref: ref, Text: text}
}

// Texts of the codes the bank sends often. They carry umlauts on purpose:
// banks send Latin-1 text, and clients must decode it as such.
var (
	okReceived   = rc("0010", "Nachricht entgegengenommen.")
	okExecuted   = rc("0020", "Der Auftrag wurde ausgeführt.")
	okInit       = rc("0020", "Dialoginitialisierung erfolgreich.")
	okEnded      = rc("0100", "Dialog beendet.")
	okTAN        = rc("0900", "Freigabe erfolgreich.")
	warnNone     = rc("3010", "Es liegen keine Einträge vor.")
	warnSummary  = rc("3060", "Bitte beachten Sie die enthaltenen Warnungen/Hinweise.")
	warnNoSCA    = rc("3076", "Starke Kundenauthentifizierung nicht notwendig.")
	warnBPD      = rc("3050", "BPD nicht mehr aktuell, aktuelle Version enthalten.")
	warnUPD      = rc("3050", "UPD nicht mehr aktuell, aktuelle Version enthalten.")
	errPartial   = rc("9050", "Die Nachricht enthält Fehler.")
	errAborted   = rc("9800", "Dialog abgebrochen.")
	needTAN      = rc("0030", "Auftrag empfangen - Sicherheitsfreigabe erforderlich.")
	needApproval = rc("3955", "Sicherheitsfreigabe erfolgt über einen anderen Kanal.")
	stillPending = rc("3956", "Starke Kundenauthentifizierung noch ausstehend.")
)

// methodsCode is 3920 with the security functions the user may use.
func methodsCode(methods []string) wire.ReturnCode {
	return rc("3920", "Zugelassene Zwei-Schritt-Verfahren für den Benutzer.", methods...)
}

// segCodes are the HIRMS codes for one customer segment.
type segCodes struct {
	ref   int
	codes []wire.ReturnCode
}

// answer collects a bank answer: return codes per customer segment and the
// data segments, in the order banks send them (HIRMG, all HIRMS, data).
type answer struct {
	head   wire.Head
	sec    *wire.AnswerSecurity // nil: unsigned (anonymous dialogs)
	global []wire.ReturnCode    // HIRMG codes besides the summary
	rms    []segCodes
	data   []*wire.Segment
}

// codes adds return codes for customer segment ref.
func (a *answer) codes(ref int, cs ...wire.ReturnCode) {
	for i := range a.rms {
		if a.rms[i].ref == ref {
			a.rms[i].codes = append(a.rms[i].codes, cs...)
			return
		}
	}
	a.rms = append(a.rms, segCodes{ref: ref, codes: cs})
}

// add appends data segments answering customer segment ref (0: none, as
// for BPD and UPD).
func (a *answer) add(ref int, segs ...*wire.Segment) {
	for _, s := range segs {
		s.Ref = ref
		a.data = append(a.data, s)
	}
}

// hasError reports whether any segment was rejected.
func (a *answer) hasError() bool {
	for _, r := range a.rms {
		if wire.Codes(r.codes).Err() != nil {
			return true
		}
	}
	return false
}

// build numbers and assembles the message. The HIRMG summary follows the
// rules of the Formals: 0010 when every job succeeded, 3060 on warnings,
// 9050 when a job failed.
func (a *answer) build() (*wire.Outgoing, error) {
	var warn bool
	for _, r := range a.rms {
		for _, c := range r.codes {
			warn = warn || c.Class() == wire.Warning
		}
	}
	summary := []wire.ReturnCode{okReceived}
	switch {
	case a.hasError():
		summary = []wire.ReturnCode{errPartial}
	case warn:
		summary = append(summary, warnSummary)
	}
	segs := []*wire.Segment{wire.NewHIRMG(append(summary, a.global...)...)}
	rms := slices.Clone(a.rms)
	slices.SortStableFunc(rms, func(x, y segCodes) int { return x.ref - y.ref })
	for _, r := range rms {
		if len(r.codes) > 0 {
			segs = append(segs, wire.NewHIRMS(r.ref, r.codes...))
		}
	}
	segs = append(segs, a.data...)
	out, err := wire.NewAnswer(a.head, a.sec, segs...)
	if err != nil {
		return nil, fmt.Errorf("demobank: building answer: %w", err)
	}
	return out, nil
}

// abortError ends processing of a message with the unwrapped abort
// message of §2.7; 9800 is added when missing.
type abortError struct {
	codes []wire.ReturnCode
}

func (e *abortError) Error() string {
	return fmt.Sprintf("demobank: message aborted: %v", e.codes)
}

func abortWith(codes ...wire.ReturnCode) error {
	return &abortError{codes: codes}
}
