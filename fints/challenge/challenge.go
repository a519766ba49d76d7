// Package challenge decodes the machine-readable part of TAN challenges:
// chipTAN optical flicker codes (HHD 1.3/1.4) and photoTAN/QR images, and
// turns structured challenge text into plain text. It also encodes them, so
// the demo bank can issue the same challenges a real bank does.
package challenge

// Image is a photoTAN/QR challenge picture.
type Image struct {
	MIME string `json:"mime"`
	Data []byte `json:"data"`
}

// Flicker is a decoded chipTAN optical challenge.
type Flicker struct {
	// HHD is "1.3" or "1.4".
	HHD string `json:"hhd"`
	// StartCode and DataElements are the values the bank sent.
	StartCode    string   `json:"start_code"`
	DataElements []string `json:"data_elements,omitempty"`
	// ControlBytes are the HHD 1.4 control bytes (hex pairs).
	ControlBytes []string `json:"control_bytes,omitempty"`
}
