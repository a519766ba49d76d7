package vault

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"saldo/fints/secret"
)

// KDFParams are the Argon2id parameters that turn a passphrase into the key
// that wraps the data key. They are stored in the vault header, so a vault
// keeps opening with the parameters it was created with.
type KDFParams struct {
	Time      uint32 `json:"time"`       // passes over memory
	MemoryKiB uint32 `json:"memory_kib"` // memory in KiB
	Threads   uint8  `json:"threads"`    // lanes
}

// DefaultKDF is measured on the 2-core development machine: with 64 MiB
// one pass costs about 20 ms, and eleven passes take 220–260 ms there when
// nothing else runs (BenchmarkKDF prints it). Use TuneKDF to fit another
// machine.
var DefaultKDF = KDFParams{Time: 11, MemoryKiB: 64 << 10, Threads: 4}

// Bounds for parameters read from a file: a damaged or hostile header must
// not make Open allocate gigabytes or spin for minutes.
const (
	maxKDFMemoryKiB = 4 << 20 // 4 GiB
	maxKDFTime      = 1000
	minKDFMemoryKiB = 8 // Argon2 needs 8 KiB per lane at least
	saltSize        = 16
	keySize         = chacha20poly1305.KeySize
)

func (p KDFParams) String() string {
	return fmt.Sprintf("argon2id t=%d m=%dMiB p=%d", p.Time, p.MemoryKiB>>10, p.Threads)
}

func (p KDFParams) validate() error {
	switch {
	case p.Time == 0 || p.Time > maxKDFTime:
		return fmt.Errorf("argon2id time %d out of range 1..%d", p.Time, maxKDFTime)
	case p.Threads == 0:
		return errors.New("argon2id threads must be at least 1")
	case p.MemoryKiB < minKDFMemoryKiB*uint32(p.Threads) || p.MemoryKiB > maxKDFMemoryKiB:
		return fmt.Errorf("argon2id memory %d KiB out of range %d..%d", p.MemoryKiB, minKDFMemoryKiB*uint32(p.Threads), maxKDFMemoryKiB)
	}
	return nil
}

// TuneKDF returns parameters with memMiB of memory (64 if zero) and as many
// passes as take about target on this machine (at least one).
func TuneKDF(target time.Duration, memMiB uint32) KDFParams {
	if memMiB == 0 {
		memMiB = 64
	}
	// Four lanes: no slower on two cores, faster on bigger machines.
	p := KDFParams{Time: 1, MemoryKiB: memMiB << 10, Threads: 4}
	salt := make([]byte, saltSize)
	start := time.Now()
	k := argon2.IDKey([]byte("tune"), salt, 1, p.MemoryKiB, p.Threads, keySize)
	clear(k)
	per := time.Since(start)
	if per <= 0 {
		per = time.Millisecond
	}
	if n := int(target / per); n > 1 {
		p.Time = uint32(min(n, maxKDFTime))
	}
	return p
}

// deriveKEK runs Argon2id over the passphrase. The returned key must be
// cleared by the caller once the data key is unwrapped.
func deriveKEK(pass secret.Value, salt []byte, p KDFParams) ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	pw := []byte(pass.Reveal())
	defer clear(pw)
	return argon2.IDKey(pw, salt, p.Time, p.MemoryKiB, p.Threads, keySize), nil
}

// keys are the working keys derived from the data key: one seals records,
// one names buckets so that bank codes, user IDs and IBANs never appear in
// the file in clear.
type keys struct {
	aead cipher.AEAD
	seal []byte
	name []byte
}

func newKeys(dataKey []byte) (*keys, error) {
	seal, err := hkdf.Key(sha256.New, dataKey, nil, "saldo vault v1 records", keySize)
	if err != nil {
		return nil, fmt.Errorf("deriving record key: %w", err)
	}
	name, err := hkdf.Key(sha256.New, dataKey, nil, "saldo vault v1 names", keySize)
	if err != nil {
		clear(seal)
		return nil, fmt.Errorf("deriving name key: %w", err)
	}
	aead, err := chacha20poly1305.NewX(seal)
	if err != nil {
		clear(seal)
		clear(name)
		return nil, fmt.Errorf("record cipher: %w", err)
	}
	return &keys{aead: aead, seal: seal, name: name}, nil
}

// wipe clears the key bytes we own. The cipher keeps its own copy of the
// record key inside x/crypto, which Go gives no way to clear; dropping the
// reference lets it be collected.
func (k *keys) wipe() {
	if k == nil {
		return
	}
	clear(k.seal)
	clear(k.name)
	k.aead = nil
}

// nameOf returns the opaque 16-byte bucket or record name for a kind of
// thing ("login", "account", "month") and its clear value.
func (k *keys) nameOf(kind, value string) []byte {
	m := hmac.New(sha256.New, k.name)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)[:16]
}

// Record envelope: version byte, 24-byte nonce, AEAD ciphertext. The
// plaintext inside is uvarint(len(payload)) ‖ payload ‖ zero padding, padded
// to a multiple of padBlock so the file does not reveal exact sizes.
const (
	recordVersion = 1
	padBlock      = 64
	nonceSize     = chacha20poly1305.NonceSizeX
)

// errAuth means the AEAD tag did not verify: the record was changed, moved
// from another place, or is garbage.
var errAuth = errors.New("authentication failed")

// sealRecord encrypts payload bound to ad (the record's bucket path and key).
func (k *keys) sealRecord(payload, ad []byte) ([]byte, error) {
	n := binary.PutUvarint(make([]byte, binary.MaxVarintLen64), uint64(len(payload)))
	plainLen := n + len(payload)
	padded := (plainLen + padBlock - 1) / padBlock * padBlock
	plain := make([]byte, padded)
	binary.PutUvarint(plain, uint64(len(payload)))
	copy(plain[n:], payload)
	defer clear(plain)

	out := make([]byte, 1+nonceSize, 1+nonceSize+padded+k.aead.Overhead())
	out[0] = recordVersion
	if _, err := rand.Read(out[1 : 1+nonceSize]); err != nil {
		return nil, fmt.Errorf("random nonce: %w", err)
	}
	return k.aead.Seal(out, out[1:1+nonceSize], plain, ad), nil
}

// openRecord reverses sealRecord. The returned payload aliases a fresh
// buffer the caller may clear after decoding.
func (k *keys) openRecord(rec, ad []byte) ([]byte, error) {
	if len(rec) < 1+nonceSize+k.aead.Overhead() {
		return nil, fmt.Errorf("record too short (%d bytes)", len(rec))
	}
	if rec[0] != recordVersion {
		return nil, fmt.Errorf("unknown record format %d (a newer saldo wrote it?)", rec[0])
	}
	plain, err := k.aead.Open(nil, rec[1:1+nonceSize], rec[1+nonceSize:], ad)
	if err != nil {
		return nil, errAuth
	}
	size, n := binary.Uvarint(plain)
	if n <= 0 || size > uint64(len(plain)-n) {
		clear(plain)
		return nil, errors.New("record length prefix is invalid")
	}
	return plain[n : n+int(size)], nil
}

// recordAD binds a record to where it is stored: the bucket path and key.
func recordAD(path [][]byte, key []byte) []byte {
	ad := []byte("saldo-vault-v1")
	for _, p := range path {
		ad = binary.AppendUvarint(ad, uint64(len(p)))
		ad = append(ad, p...)
	}
	ad = binary.AppendUvarint(ad, uint64(len(key)))
	return append(ad, key...)
}
