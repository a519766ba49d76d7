package vault

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTightenModeKeepsReadOnly: opening takes group and other bits away
// but never makes a file its owner marked read-only writable again.
func TestTightenModeKeepsReadOnly(t *testing.T) {
	tests := []struct {
		from, want os.FileMode
	}{
		{0o644, 0o600},
		{0o666, 0o600},
		{0o444, 0o400},
		{0o400, 0o400},
		{0o600, 0o600},
	}
	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "vault.db")
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.from); err != nil {
			t.Fatal(err)
		}
		tightenMode(path)
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != tc.want {
			t.Errorf("mode %v → %v, want %v", tc.from, got, tc.want)
		}
	}
}
