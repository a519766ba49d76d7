package challenge

import (
	"bytes"
	"errors"
	"image/png"
	"reflect"
	"strings"
	"testing"
)

// latin1 decodes ISO-8859-1 bytes as the engine does before handing a
// challenge text to this package.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// MANIFEST: unknown_challenge_chiptan_qr.bin "decodes to PNG image"; the
// upstream test also pins the size (456 bytes) and the user text.
func TestExtractEmbeddedChipTANQR(t *testing.T) {
	text := latin1(readCorpus(t, "fints-messages/unknown_challenge_chiptan_qr.bin"))
	f, img, userText, err := ExtractEmbedded(text)
	if err != nil {
		t.Fatal(err)
	}
	if f != nil {
		t.Fatalf("got a flicker code %+v from a QR challenge", f)
	}
	if img == nil || img.MIME != "image/png" || len(img.Data) != 456 {
		t.Fatalf("image = %+v, want a 456-byte image/png", img)
	}
	pic, err := png.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatalf("embedded PNG does not decode: %v", err)
	}
	if b := pic.Bounds(); b.Dx() != 150 || b.Dy() != 150 {
		t.Errorf("picture is %v, want 150×150", b)
	}
	want := "Sie haben eine \"Einzelüberweisung\" erfasst: Überprüfen Sie die Richtigkeit der \"letzten 10 Zeichen der IBAN des Empfängers\" bei dem Institut \"MUSTER-BANK\" und bestätigen Sie diese mit der Taste \"OK\". Überprüfen Sie die Richtigkeit des \"Betrags\" und bestätigen Sie diesen mit der Taste \"OK\"."
	if userText != want {
		t.Errorf("user text\n got  %q\n want %q", userText, want)
	}
}

func TestExtractEmbeddedFlicker(t *testing.T) {
	tests := []struct {
		in       string
		want     *Flicker
		wantText string
	}{
		{string(readCorpus(t, "fints-messages/hhd-flicker_python-fints_test_flicker_hhd13_hbci4java_1.txt")),
			&Flicker{HHD: "1.3", StartCode: "87151313", DataElements: []string{"389726", "1,00"}}, "Sie h"},
		{"Bitte Daten prüfen. CHLGUC0026 24088715131306389726041,00 CHLGTEXT 0011 Text folgt",
			&Flicker{HHD: "1.3", StartCode: "87151313", DataElements: []string{"389726", "1,00"}}, "Text folgt"},
		{"Überweisung an Müller: CHLGUC 002624088715131306389726041,00", // no CHLGTEXT: the prefix is the text
			&Flicker{HHD: "1.3", StartCode: "87151313", DataElements: []string{"389726", "1,00"}}, "Überweisung an Müller:"},
		{"CHLGUC 00410458A01179145683222DE211234567800000123450525,00CHLGTEXT0000",
			&Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "1791456832", DataElements: []string{"DE21123456780000012345", "25,00"}}, ""},
	}
	for _, tt := range tests {
		f, img, text, err := ExtractEmbedded(tt.in)
		if err != nil || img != nil {
			t.Errorf("ExtractEmbedded(%q): img %v, err %v", tt.in, img, err)
			continue
		}
		if !reflect.DeepEqual(f, tt.want) || text != tt.wantText {
			t.Errorf("ExtractEmbedded(%q) = %+v, %q; want %+v, %q", tt.in, f, text, tt.want, tt.wantText)
		}
	}
}

func TestExtractEmbeddedPlain(t *testing.T) {
	in := "Bitte geben Sie die TAN ein,\ndie Sie per SMS erhalten haben."
	f, img, text, err := ExtractEmbedded(in)
	if f != nil || img != nil || err != nil || text != in {
		t.Fatalf("plain text changed: %v %v %q %v", f, img, text, err)
	}
}

func TestExtractEmbeddedErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CHLGUC", "4-digit length"},
		{"CHLGUC xx12CHLGTEXT0001a", "4-digit length"},
		{"CHLGUC 0000CHLGTEXT0001a", "nothing between"},
		{"CHLGUC 0010 12345CHLGTEXT0001a", "embeds a code"},
		{"CHLGUC 0012iVBORw0KGgo!!!!CHLGTEXT0001a", "not valid base64"},
		{"CHLGUC 0012/9j/A=A=CHLGTEXT0001a", "not valid base64"},
	}
	for _, tt := range tests {
		_, _, _, err := ExtractEmbedded(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrHHD) {
			t.Errorf("ExtractEmbedded(%q) error %v, want ErrHHD mentioning %q", tt.in, err, tt.want)
		}
	}
	if _, err := ParseHHDUC("CHLGUC 0608iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4AWNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==CHLGTEXT0001a"); err == nil || !strings.Contains(err.Error(), "image") {
		t.Errorf("ParseHHDUC of an embedded image: %v", err)
	}
}
