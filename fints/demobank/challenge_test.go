package demobank

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"saldo/fints/challenge"
)

// TestChallengesPerMethod logs in with each method and checks what the
// challenge carries: flicker code, photoTAN image, SMS text, app text.
func TestChallengesPerMethod(t *testing.T) {
	for _, method := range AllMethods {
		t.Run(method, func(t *testing.T) {
			b, _, url := srvBank(t, Options{})
			c := srvClient(t, url)
			c.synchronise()
			c.function = method
			resp := c.init()
			hitan := resp.Find("HITAN")
			if hitan == nil {
				t.Fatal("no HITAN")
			}
			text, data := hitan.Str(5), hitan.Bin(6)
			tan, _ := b.LastTAN(DemoUser)
			switch method {
			case MethodChipTAN:
				f, err := challenge.ParseHHDUC(string(data))
				if err != nil || f.HHD != "1.4" {
					t.Fatalf("HHD_UC %q: %+v, %v", data, f, err)
				}
				if _, err := f.Code(); err != nil {
					t.Errorf("flicker code: %v", err)
				}
			case MethodPhotoTAN:
				img, err := challenge.DecodeImage(data)
				if err != nil || img.MIME != "image/png" {
					t.Fatalf("image container: %v", err)
				}
				if _, err := png.Decode(bytes.NewReader(img.Data)); err != nil {
					t.Errorf("PNG: %v", err)
				}
			default:
				if len(data) != 0 {
					t.Errorf("%s challenge carries HHD_UC data", method)
				}
			}
			if method == MethodDecoupled {
				mustCodes(t, resp, "3955")
				if tan != "" || !strings.Contains(text, "Demo-App") {
					t.Errorf("app challenge %q, TAN %q", text, tan)
				}
				return
			}
			mustCodes(t, resp, "0030")
			if !strings.Contains(text, tan) {
				t.Errorf("demo challenge %q lacks the TAN", text)
			}
			if plain := challenge.PlainText(text); strings.Contains(plain, "<br>") {
				t.Errorf("challenge markup not plain-text convertible: %q", plain)
			}
		})
	}
}

func TestHideTANs(t *testing.T) {
	b, _, url := srvBank(t, Options{HideTANs: true})
	c := srvClient(t, url)
	c.synchronise()
	c.function = MethodSMS
	resp := c.init()
	tan, _ := b.LastTAN(DemoUser)
	if strings.Contains(resp.Find("HITAN").Str(5), tan) {
		t.Error("TAN shown although HideTANs is set")
	}
}
