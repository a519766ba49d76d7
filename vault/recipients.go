package vault

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"saldo/fints"
)

// Recipient is an address-book entry learned from executed transfers.
type Recipient struct {
	Name        string    `json:"name"`
	IBAN        string    `json:"iban"`
	BIC         string    `json:"bic,omitempty"`
	LastPurpose string    `json:"last_purpose,omitempty"`
	LastUsed    time.Time `json:"last_used,omitzero"`
	Uses        int       `json:"uses"`
}

// recipientBook is the login's whole address book in one record: it is
// small, and one record keeps learning atomic.
type recipientBook struct {
	Version int         `json:"v"`
	List    []Recipient `json:"list"`
}

func normIBAN(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// Recipients returns the login's address book, most recently used first.
func (v *Vault) Recipients(key LoginKey) ([]Recipient, error) {
	var book recipientBook
	err := v.view(key.String(), "recipients", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		_, err = v.keys.getJSON(p, keyRecipients, &book)
		return damaged(key, "recipients", err)
	})
	if err != nil {
		return nil, err
	}
	sortRecipients(book.List)
	return book.List, nil
}

func sortRecipients(list []Recipient) {
	sort.SliceStable(list, func(i, j int) bool {
		if !list[i].LastUsed.Equal(list[j].LastUsed) {
			return list[i].LastUsed.After(list[j].LastUsed)
		}
		return list[i].Name < list[j].Name
	})
}

// PutRecipient adds or edits an entry by hand (matched by IBAN).
func (v *Vault) PutRecipient(key LoginKey, r Recipient) error {
	r.IBAN = normIBAN(r.IBAN)
	if r.IBAN == "" || strings.TrimSpace(r.Name) == "" {
		return fmt.Errorf("put recipient: name and IBAN are required")
	}
	return v.editBook(key, func(book *recipientBook) {
		for i := range book.List {
			if book.List[i].IBAN == r.IBAN {
				book.List[i] = r
				return
			}
		}
		book.List = append(book.List, r)
	})
}

// RemoveRecipient deletes the entry with that IBAN, if any.
func (v *Vault) RemoveRecipient(key LoginKey, iban string) error {
	iban = normIBAN(iban)
	return v.editBook(key, func(book *recipientBook) {
		out := book.List[:0]
		for _, r := range book.List {
			if r.IBAN != iban {
				out = append(out, r)
			}
		}
		book.List = out
	})
}

func (v *Vault) editBook(key LoginKey, edit func(*recipientBook)) error {
	return v.update(key.String(), "recipients", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		return v.modifyBook(p, key, edit)
	})
}

func (v *Vault) modifyBook(p place, key LoginKey, edit func(*recipientBook)) error {
	var book recipientBook
	if _, err := v.keys.getJSON(p, keyRecipients, &book); err != nil {
		return damaged(key, "recipients", err)
	}
	book.Version = 1
	edit(&book)
	return v.keys.putJSON(p, keyRecipients, book)
}

// learnRecipient updates the address book from an executed transfer. The
// name the bank confirmed through Verification of Payee wins over the one
// typed: a close match carries the bank's suggested name.
func (v *Vault) learnRecipient(p place, key LoginKey, t fints.Transfer, vop *fints.VoPResult, at time.Time) error {
	name := strings.TrimSpace(t.ToName)
	if vop != nil && vop.Match == fints.VoPCloseMatch && strings.TrimSpace(vop.SuggestedName) != "" {
		name = strings.TrimSpace(vop.SuggestedName)
	}
	iban := normIBAN(t.ToIBAN)
	err := v.modifyBook(p, key, func(book *recipientBook) {
		for i := range book.List {
			r := &book.List[i]
			if r.IBAN != iban {
				continue
			}
			r.Name = name
			if t.ToBIC != "" {
				r.BIC = t.ToBIC
			}
			r.LastPurpose, r.LastUsed = t.Purpose, at
			r.Uses++
			return
		}
		book.List = append(book.List, Recipient{Name: name, IBAN: iban, BIC: t.ToBIC, LastPurpose: t.Purpose, LastUsed: at, Uses: 1})
	})
	if errors.Is(err, ErrDamaged) {
		// The journal entry matters more than the address book: record the
		// outcome and leave the damaged book for Recipients to report.
		return nil
	}
	return err
}
