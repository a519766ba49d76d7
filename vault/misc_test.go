package vault

import (
	"path/filepath"
	"runtime"
	"testing"

	"saldo/fints/secret"
)

func TestDefaultPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the table below is for XDG platforms")
	}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"override", map[string]string{"SALDO_VAULT": "/x/v.db", "HOME": "/home/a"}, "/x/v.db"},
		{"xdg", map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/a"}, "/data/saldo/vault.db"},
		{"relative xdg ignored", map[string]string{"XDG_DATA_HOME": "rel", "HOME": "/home/a"}, "/home/a/.local/share/saldo/vault.db"},
		{"home", map[string]string{"HOME": "/home/a"}, filepath.Join("/home/a", ".local", "share", "saldo", "vault.db")},
	}
	for _, tc := range tests {
		got, err := DefaultPath(func(k string) string { return tc.env[k] })
		if err != nil || got != tc.want {
			t.Errorf("%s: DefaultPath = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestScan(t *testing.T) {
	pin, tan := secret.New("47110815"), secret.New("938271")
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	// Even a blob that (wrongly) held the PIN would be sealed.
	v.PutState(k, []byte("state with 47110815 inside"))
	v.Close()
	leaks, err := ScanFile(path, pin, tan)
	if err != nil || len(leaks) != 0 {
		t.Fatalf("ScanFile(vault) = %v, %v", leaks, err)
	}
	tests := []struct {
		data string
		want string
	}{
		{"log: pin=47110815", "plain"},
		{"trace 3437313130383135 end", "hex"},
		{"b64 NDcxMTA4MTU= end", "base64"},
		{"tan 938271", "plain"},
		{"nothing here 4711", ""},
		{"EndToEndId 20938271554", ""}, // the TAN's digits inside a longer number: chance
		{"HNSHA:1+938271'", "plain"},   // the TAN as an element
		{"pin 47110815999 end", ""},    // digits-only PIN likewise
		{"x938271y", "plain"},          // letters around it do not excuse it
	}
	for _, tc := range tests {
		leaks := ScanBytes([]byte(tc.data), pin, tan)
		if tc.want == "" {
			if len(leaks) != 0 {
				t.Errorf("%q: false leaks %v", tc.data, leaks)
			}
			continue
		}
		if len(leaks) == 0 || leaks[0].Encoding != tc.want {
			t.Errorf("%q: leaks %v, want one %s", tc.data, leaks, tc.want)
		}
	}
	if _, err := ScanFile(filepath.Join(t.TempDir(), "none"), pin); err == nil {
		t.Error("ScanFile of a missing file gave no error")
	}
}

func TestTuneKDF(t *testing.T) {
	p := TuneKDF(1, 1)
	if p.Time != 1 || p.MemoryKiB != 1024 || p.validate() != nil {
		t.Errorf("TuneKDF(1ns, 1MiB) = %+v", p)
	}
	if err := DefaultKDF.validate(); err != nil {
		t.Errorf("DefaultKDF invalid: %v", err)
	}
	for _, bad := range []KDFParams{{}, {Time: 1, MemoryKiB: 1, Threads: 1}, {Time: 1, MemoryKiB: 64, Threads: 0}, {Time: 5000, MemoryKiB: 64, Threads: 1}} {
		if bad.validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
