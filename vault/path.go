package vault

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvPath is the environment variable that overrides the vault's location.
const EnvPath = "SALDO_VAULT"

// DefaultPath returns where the vault lives: $SALDO_VAULT if set, else the
// user's data directory — $XDG_DATA_HOME/saldo/vault.db or
// ~/.local/share/saldo/vault.db on Linux and the BSDs, ~/Library/Application
// Support/saldo on macOS, %LocalAppData%\saldo on Windows. getenv is
// os.Getenv in production and a map in tests.
func DefaultPath(getenv func(string) string) (string, error) {
	if p := getenv(EnvPath); p != "" {
		return p, nil
	}
	const name = "vault.db"
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "saldo", name), nil
		}
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support", "saldo", name), nil
		}
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "saldo", name), nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".local", "share", "saldo", name), nil
		}
	}
	// Last resort: the platform's config directory.
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "saldo", name), nil
	}
	return "", errors.New("cannot find a data directory for the vault: set " + EnvPath + " or pass --vault FILE")
}
