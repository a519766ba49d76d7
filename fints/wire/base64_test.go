package wire

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestDecodeBase64(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{"plain", "SE5IQks6MTozKzAwMCc=", "HNHBK:1:3+000'", ""},
		{"wrapped", "SE5IQks6\r\nMTozKzAw\n MCc=\n", "HNHBK:1:3+000'", ""},
		{"no padding", "SE5IQks6MTozKzAwMCc", "HNHBK:1:3+000'", ""},
		{"no padding, one byte over", "SE5IQks6MTozKzAwMCcx", "HNHBK:1:3+000'1", ""},
		{"empty", " \r\n", "", "empty"},
		{"html", "<html>maintenance</html>", "", "not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBase64([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("= %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// FuzzDecodeBase64: bodies come from the network; any of them gives bytes
// or an error, never a panic, and a valid encoding gives the bytes back.
func FuzzDecodeBase64(f *testing.F) {
	for _, s := range []string{"SE5IQks6MTozKzAwMCc=", "SE5IQks6MTozKzAwMCc", "SE5IQks6\r\nMTozKzAwMCc=", "", "=", "a"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = DecodeBase64(b)
		enc := base64.StdEncoding.EncodeToString(b)
		for _, in := range []string{enc, strings.TrimRight(enc, "=")} {
			got, err := DecodeBase64([]byte(in))
			if len(b) > 0 && (err != nil || string(got) != string(b)) {
				t.Fatalf("DecodeBase64(%q) = %q, %v; want %q", in, got, err, b)
			}
		}
	})
}
