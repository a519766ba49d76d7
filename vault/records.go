package vault

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// place is a bucket together with its path from the root, which goes into
// every record's associated data.
type place struct {
	b    *bolt.Bucket
	path [][]byte
}

func (p place) child(name []byte, create bool) (place, error) {
	path := append(append([][]byte(nil), p.path...), name)
	if create {
		b, err := p.b.CreateBucketIfNotExists(name)
		if err != nil {
			return place{}, fmt.Errorf("bucket: %w", err)
		}
		return place{b, path}, nil
	}
	b := p.b.Bucket(name)
	if b == nil {
		return place{}, nil
	}
	return place{b, path}, nil
}

func (p place) ok() bool { return p.b != nil }

func rootPlace(tx *bolt.Tx, name []byte) place {
	return place{tx.Bucket(name), [][]byte{name}}
}

// getBlob decrypts the record at key; nil, nil if there is none. The caller
// owns the returned buffer.
func (k *keys) getBlob(p place, key []byte) ([]byte, error) {
	rec := p.b.Get(key)
	if rec == nil {
		return nil, nil
	}
	plain, err := k.openRecord(rec, recordAD(p.path, key))
	if err != nil {
		return nil, err
	}
	// Hand out an exact-size copy and wipe the padded plaintext: the
	// caller clears what it gets, nothing else keeps the clear text.
	out := bytes.Clone(plain)
	clear(plain[:cap(plain)])
	return out, nil
}

func (k *keys) putBlob(p place, key, payload []byte) error {
	rec, err := k.sealRecord(payload, recordAD(p.path, key))
	if err != nil {
		return err
	}
	return p.b.Put(key, rec)
}

// getJSON decrypts and decodes the record at key into out. found is false
// if there is no such record.
func (k *keys) getJSON(p place, key []byte, out any) (found bool, err error) {
	rec := p.b.Get(key)
	if rec == nil {
		return false, nil
	}
	plain, err := k.openRecord(rec, recordAD(p.path, key))
	if err != nil {
		return true, err
	}
	defer clear(plain[:cap(plain)])
	if err := json.Unmarshal(plain, out); err != nil {
		return true, fmt.Errorf("decoding: %w", err)
	}
	return true, nil
}

func (k *keys) putJSON(p place, key []byte, in any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("encoding: %w", err)
	}
	defer clear(b)
	return k.putBlob(p, key, b)
}
