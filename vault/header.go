package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"saldo/fints/secret"
)

// formatVersion is the layout version of the whole file (buckets, records,
// encodings). Open refuses files written by a newer layout.
const formatVersion = 1

// header is the only clear-text record: what is needed to derive the key.
// Sum covers every other field so that a damaged header is told apart from a
// wrong passphrase (both would otherwise just fail to unwrap the key).
type header struct {
	Magic      string    `json:"magic"`
	Format     int       `json:"format"`
	KDF        KDFParams `json:"kdf"`
	Salt       []byte    `json:"salt"`
	WrappedKey []byte    `json:"wrapped_key"` // nonce ‖ XChaCha20-Poly1305(data key)
	Created    time.Time `json:"created"`
	Changed    time.Time `json:"changed"` // last passphrase change
	Sum        []byte    `json:"sum"`
}

const headerMagic = "saldo-vault"

func (h *header) checksum() []byte {
	m := sha256.New()
	m.Write(h.kdfAD())
	m.Write(h.WrappedKey)
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(h.Created.UnixNano())))
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(h.Changed.UnixNano())))
	return m.Sum(nil)
}

// kdfAD is the associated data of the wrapped key: it binds the key to the
// parameters and salt it was wrapped under.
func (h *header) kdfAD() []byte {
	ad := []byte(headerMagic)
	ad = binary.BigEndian.AppendUint32(ad, uint32(h.Format))
	ad = binary.BigEndian.AppendUint32(ad, h.KDF.Time)
	ad = binary.BigEndian.AppendUint32(ad, h.KDF.MemoryKiB)
	ad = append(ad, h.KDF.Threads)
	return append(ad, h.Salt...)
}

func (h *header) encode() ([]byte, error) {
	h.Sum = h.checksum()
	return json.Marshal(h)
}

// errNoHeader means the file is a bbolt database without a vault header.
var errNoHeader = errors.New("no vault header: not a saldo vault")

func decodeHeader(b []byte) (*header, error) {
	if b == nil {
		return nil, errNoHeader
	}
	var h header
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, &DamageError{Record: "header", Err: fmt.Errorf("unreadable: %w", err)}
	}
	if h.Magic != headerMagic {
		return nil, &DamageError{Record: "header", Err: fmt.Errorf("magic %q is not %q", h.Magic, headerMagic)}
	}
	if subtle.ConstantTimeCompare(h.Sum, h.checksum()) != 1 {
		return nil, &DamageError{Record: "header", Err: errors.New("checksum mismatch")}
	}
	if h.Format > formatVersion {
		return nil, fmt.Errorf("vault format %d is newer than this saldo understands (%d): update saldo", h.Format, formatVersion)
	}
	if h.Format < 1 {
		return nil, &DamageError{Record: "header", Err: fmt.Errorf("format %d", h.Format)}
	}
	if err := h.KDF.validate(); err != nil {
		return nil, &DamageError{Record: "header", Err: err}
	}
	if len(h.Salt) < saltSize {
		return nil, &DamageError{Record: "header", Err: fmt.Errorf("salt of %d bytes", len(h.Salt))}
	}
	if len(h.WrappedKey) != chacha20poly1305.NonceSizeX+keySize+chacha20poly1305.Overhead {
		return nil, &DamageError{Record: "header", Err: fmt.Errorf("wrapped key of %d bytes", len(h.WrappedKey))}
	}
	return &h, nil
}

// wrap derives a key from pass with fresh salt and stores dataKey under it.
func (h *header) wrap(pass secret.Value, p KDFParams, dataKey []byte) error {
	h.Magic, h.Format, h.KDF = headerMagic, formatVersion, p
	h.Salt = make([]byte, saltSize)
	if _, err := rand.Read(h.Salt); err != nil {
		return fmt.Errorf("random salt: %w", err)
	}
	kek, err := deriveKEK(pass, h.Salt, p)
	if err != nil {
		return err
	}
	defer clear(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return fmt.Errorf("key cipher: %w", err)
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("random nonce: %w", err)
	}
	h.WrappedKey = aead.Seal(nonce, nonce, dataKey, h.kdfAD())
	return nil
}

// unwrap returns the data key, or ErrWrongPassphrase. The header checksum
// has been verified, so a failing tag can only mean a wrong passphrase.
func (h *header) unwrap(pass secret.Value) ([]byte, error) {
	kek, err := deriveKEK(pass, h.Salt, h.KDF)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, fmt.Errorf("key cipher: %w", err)
	}
	n := chacha20poly1305.NonceSizeX
	dk, err := aead.Open(nil, h.WrappedKey[:n], h.WrappedKey[n:], h.kdfAD())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return dk, nil
}
