// Package challenge decodes the machine-readable part of TAN challenges:
// chipTAN optical flicker codes (HHD 1.3/1.4) and photoTAN/QR images, and
// turns structured challenge text into plain text. It also encodes them, so
// the demo bank can issue the same challenges a real bank does.
//
// Entry points: ParseHHDUC and ExtractEmbedded read what a bank sends,
// Flicker.Code and Flicker.Frames turn it into what a TAN generator reads,
// DecodeImage reads photoTAN/QR containers, PlainText cleans challenge
// markup. EncodeHHDUC, EncodeImage and MatrixPNG are the bank side.
package challenge

// Image is a photoTAN/QR challenge picture.
type Image struct {
	MIME string `json:"mime"`
	Data []byte `json:"data"`
}

// Flicker is a decoded chipTAN optical challenge.
type Flicker struct {
	// HHD is "1.3" or "1.4". It follows from the control bytes: HHD 1.4
	// challenges carry at least one (01), HHD 1.3 ones none.
	HHD string `json:"hhd"`
	// StartCode and DataElements are the values the bank sent.
	StartCode    string   `json:"start_code"`
	DataElements []string `json:"data_elements,omitempty"`
	// ControlBytes are the HHD 1.4 control bytes (hex pairs).
	ControlBytes []string `json:"control_bytes,omitempty"`
	// LDEDigits is the width of the data element length fields in the
	// bank's string: 0 means the standard 2 digits, 3 marks the variant some
	// Sparkassen send. Only EncodeHHDUC uses it, to reproduce that variant.
	LDEDigits int `json:"lde_digits,omitempty"`
}

// Frame is one picture of the flicker animation: {clock, bit0, bit1, bit2,
// bit3}; true means the bar is light.
type Frame [5]bool

// NewHHD14 returns an HHD 1.4 challenge with the standard control byte 01,
// the form the demo bank issues. It does not validate; Code and
// EncodeHHDUC do.
func NewHHD14(startCode string, dataElements ...string) Flicker {
	return Flicker{HHD: "1.4", StartCode: startCode, DataElements: dataElements, ControlBytes: []string{"01"}}
}
