package vault

import (
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// LoginKey identifies a bank login: bank code, user ID and, where the bank
// uses one that differs from the user ID, the customer ID.
type LoginKey struct {
	BankCode   string `json:"bank_code"`
	UserID     string `json:"user_id"`
	CustomerID string `json:"customer_id,omitempty"`
}

// NewLoginKey builds a normalised key: spaces trimmed, and a customer ID
// equal to the user ID dropped, so both spellings name the same login.
func NewLoginKey(bankCode, userID, customerID string) LoginKey {
	k := LoginKey{strings.TrimSpace(bankCode), strings.TrimSpace(userID), strings.TrimSpace(customerID)}
	if k.CustomerID == k.UserID {
		k.CustomerID = ""
	}
	return k
}

// String gives "BLZ/user" or "BLZ/user/customer", the form ParseLoginKey
// reads and `saldo vault remove` takes.
func (k LoginKey) String() string {
	s := k.BankCode + "/" + k.UserID
	if k.CustomerID != "" {
		s += "/" + k.CustomerID
	}
	return s
}

// ParseLoginKey reads what String writes.
func ParseLoginKey(s string) (LoginKey, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return LoginKey{}, fmt.Errorf("login %q: want BLZ/USERID or BLZ/USERID/CUSTOMERID", s)
	}
	k := LoginKey{BankCode: parts[0], UserID: parts[1]}
	if len(parts) == 3 {
		k.CustomerID = parts[2]
	}
	k = NewLoginKey(k.BankCode, k.UserID, k.CustomerID)
	return k, k.validate()
}

func (k LoginKey) validate() error {
	if k.BankCode == "" || k.UserID == "" {
		return fmt.Errorf("login %q: bank code and user ID are required", k.String())
	}
	return nil
}

// LoginSettings is what saldo needs to reach a login again. The PIN is
// never stored.
type LoginSettings struct {
	Name       string `json:"name"`        // display name chosen by the user
	URL        string `json:"url"`         // FinTS server URL
	BankCode   string `json:"bank_code"`   // BLZ
	UserID     string `json:"user_id"`     // Benutzerkennung
	CustomerID string `json:"customer_id"` // Kunden-ID, if different
	ProductID  string `json:"product_id"`  // registered FinTS product ID
	TANMethod  string `json:"tan_method"`  // chosen security function, e.g. "942"
	TANMedium  string `json:"tan_medium"`  // chosen TAN medium name, if the method needs one
	Version    int    `json:"v"`           // record format
}

// Key returns the login's key.
func (s LoginSettings) Key() LoginKey { return NewLoginKey(s.BankCode, s.UserID, s.CustomerID) }

// LoginSummary is one line of Logins.
type LoginSummary struct {
	Key      LoginKey
	Settings LoginSettings
	LastSync time.Time // zero if never synced
	Paused   bool      // a paused dialog waits to be resumed
	// Err is set when this login's settings cannot be read; the other
	// logins are still listed. ID then identifies it for RemoveLoginID.
	Err error
	ID  string
}

// status is the per-login bookkeeping record.
type status struct {
	LastSync time.Time `json:"last_sync"`
}

var (
	keySettings   = []byte("settings")
	keyStatus     = []byte("status")
	keyState      = []byte("state")
	keyPaused     = []byte("paused")
	keyAccounts   = []byte("accounts")
	keyRecipients = []byte("recipients")
	bucketBal     = []byte("balances")
	bucketBook    = []byte("bookings")
)

// login finds (or with create, makes) the bucket of key.
func (v *Vault) login(tx *bolt.Tx, key LoginKey, create bool) (place, error) {
	if err := key.validate(); err != nil {
		return place{}, err
	}
	p, err := rootPlace(tx, bucketLogins).child(v.keys.nameOf("login", key.String()), create)
	if err != nil {
		return place{}, err
	}
	if !p.ok() {
		return place{}, fmt.Errorf("%s: %w", key, ErrUnknownLogin)
	}
	return p, nil
}

// damaged wraps a record error as a DamageError unless it is a plain
// bbolt/IO error.
func damaged(login LoginKey, record string, err error) error {
	if err == nil {
		return nil
	}
	return &DamageError{Login: login.String(), Record: record, Err: err}
}

// PutLogin stores or replaces a login's settings.
func (v *Vault) PutLogin(s LoginSettings) error {
	key := s.Key()
	if err := key.validate(); err != nil {
		return fmt.Errorf("put login: %w", err)
	}
	s.BankCode, s.UserID, s.CustomerID = key.BankCode, key.UserID, key.CustomerID
	s.Version = 1
	return v.update(key.String(), "settings", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, true)
		if err != nil {
			return err
		}
		return v.keys.putJSON(p, keySettings, s)
	})
}

// Login returns one login's settings.
func (v *Vault) Login(key LoginKey) (LoginSettings, error) {
	var s LoginSettings
	err := v.view(key.String(), "settings", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		found, err := v.keys.getJSON(p, keySettings, &s)
		if !found && err == nil {
			err = errors.New("missing")
		}
		return damaged(key, "settings", err)
	})
	return s, err
}

// Logins lists every login with its last sync, sorted by name then key. A
// login whose settings are damaged is listed with Err set.
func (v *Vault) Logins() ([]LoginSummary, error) {
	var out []LoginSummary
	err := v.view("", "login list", func(tx *bolt.Tx) error {
		root := rootPlace(tx, bucketLogins)
		return root.b.ForEachBucket(func(id []byte) error {
			out = append(out, v.summary(root, id))
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Settings.Name != out[j].Settings.Name {
			return out[i].Settings.Name < out[j].Settings.Name
		}
		return out[i].Key.String() < out[j].Key.String()
	})
	return out, err
}

func (v *Vault) summary(root place, id []byte) (s LoginSummary) {
	s.ID = hex.EncodeToString(id)
	// A corrupt page under one login must not hide the others.
	s.Err = v.guard("#"+s.ID[:8], "settings", func() error {
		p, _ := root.child(id, false)
		found, err := v.keys.getJSON(p, keySettings, &s.Settings)
		if err == nil && !found {
			err = errors.New("missing")
		}
		if err != nil {
			return &DamageError{Login: "#" + s.ID[:8], Record: "settings", Err: err}
		}
		s.Key = s.Settings.Key()
		var st status
		if _, err := v.keys.getJSON(p, keyStatus, &st); err == nil {
			s.LastSync = st.LastSync
		}
		s.Paused = p.b.Get(keyPaused) != nil
		return nil
	})
	return s
}

// RemoveLogin deletes a login with everything cached for it and its
// transfer journal. Callers should warn about unresolved orders first
// (PendingOrders): their record goes too.
func (v *Vault) RemoveLogin(key LoginKey) error {
	if err := key.validate(); err != nil {
		return fmt.Errorf("remove login: %w", err)
	}
	return v.removeByID(key.String(), v.keys.nameOf("login", key.String()), &key)
}

// RemoveLoginID deletes a login by the ID shown in a LoginSummary, for
// logins whose settings are too damaged to know their key.
func (v *Vault) RemoveLoginID(id string) error {
	raw, err := hex.DecodeString(id)
	if err != nil || len(raw) != 16 {
		return fmt.Errorf("remove login: %q is not a login ID", id)
	}
	return v.removeByID("#"+id, raw, nil)
}

func (v *Vault) removeByID(label string, id []byte, key *LoginKey) error {
	return v.update(label, "login", func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketLogins)
		if root.Bucket(id) == nil {
			return fmt.Errorf("%s: %w", label, ErrUnknownLogin)
		}
		if err := root.DeleteBucket(id); err != nil {
			return err
		}
		if key == nil {
			return nil
		}
		return v.deleteOrders(tx, *key)
	})
}

// State returns the engine's saved client state for the login, or
// ErrNotFound if none was saved yet.
func (v *Vault) State(key LoginKey) ([]byte, error) {
	return v.getLoginBlob(key, keyState, "state")
}

// PutState replaces the engine's client state for the login.
func (v *Vault) PutState(key LoginKey, blob []byte) error {
	return v.putLoginBlob(key, keyState, "state", blob)
}

// PutPaused stores the login's paused dialog, replacing any earlier one:
// there is at most one.
func (v *Vault) PutPaused(key LoginKey, blob []byte) error {
	return v.putLoginBlob(key, keyPaused, "paused dialog", blob)
}

// TakePaused returns the paused dialog and removes it in the same
// transaction, so it can be resumed only once. ErrNotFound if none. A
// damaged paused dialog is removed too and reported as a *DamageError.
func (v *Vault) TakePaused(key LoginKey) ([]byte, error) {
	var blob []byte
	var damage error
	err := v.update(key.String(), "paused dialog", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		b, err := v.keys.getBlob(p, keyPaused)
		if err == nil && b == nil {
			return fmt.Errorf("paused dialog of %s: %w", key, ErrNotFound)
		}
		damage = damaged(key, "paused dialog", err)
		blob = b
		return p.b.Delete(keyPaused)
	})
	if err != nil {
		return nil, err
	}
	return blob, damage
}

func (v *Vault) getLoginBlob(key LoginKey, name []byte, label string) ([]byte, error) {
	var blob []byte
	err := v.view(key.String(), label, func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		b, err := v.keys.getBlob(p, name)
		if err != nil {
			return damaged(key, label, err)
		}
		if b == nil {
			return fmt.Errorf("%s of %s: %w", label, key, ErrNotFound)
		}
		blob = b
		return nil
	})
	return blob, err
}

func (v *Vault) putLoginBlob(key LoginKey, name []byte, label string, blob []byte) error {
	if blob == nil {
		return fmt.Errorf("put %s: empty blob", label)
	}
	return v.update(key.String(), label, func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		return v.keys.putBlob(p, name, blob)
	})
}

// touch records a successful sync of the login.
func (v *Vault) touch(p place, at time.Time) error {
	return v.keys.putJSON(p, keyStatus, status{LastSync: at.UTC()})
}
