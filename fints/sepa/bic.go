package sepa

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidBIC is wrapped by every BIC validation error.
var ErrInvalidBIC = errors.New("invalid BIC")

// NormalizeBIC removes spaces and upper-cases.
func NormalizeBIC(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// ValidateBIC checks the ISO 9362 shape used by SEPA:
// [A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})? — bank code, country code,
// location (its second character a letter other than O, or a digit) and
// optional branch.
func ValidateBIC(s string) error {
	bic := NormalizeBIC(s)
	switch {
	case bic == "":
		return fmt.Errorf("%w: empty", ErrInvalidBIC)
	case len(bic) != 8 && len(bic) != 11:
		return fmt.Errorf("%w: %q has %d characters, a BIC has 8 or 11", ErrInvalidBIC, s, len(bic))
	}
	for i := 0; i < 6; i++ {
		if bic[i] < 'A' || bic[i] > 'Z' {
			return fmt.Errorf("%w: %q: the first six characters must be letters", ErrInvalidBIC, s)
		}
	}
	if c := bic[6]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '9') {
		return fmt.Errorf("%w: %q: character 7 must be a letter or a digit 2-9", ErrInvalidBIC, s)
	}
	if c := bic[7]; !(c >= 'A' && c <= 'Z' && c != 'O' || c >= '0' && c <= '9') {
		return fmt.Errorf("%w: %q: character 8 must be a letter other than O or a digit", ErrInvalidBIC, s)
	}
	for i := 8; i < len(bic); i++ {
		if c := bic[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return fmt.Errorf("%w: %q: the branch code must be letters or digits", ErrInvalidBIC, s)
		}
	}
	return nil
}
