package vault

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"saldo/fints"
)

// OrderState is where a payment order stands in the journal.
//
// The engine's protocol with the journal is what prevents a silent double
// payment: PrepareOrder before anything else, MarkSent committed before the
// first byte of the order goes to the bank, MarkOutcome when the bank has
// answered. After a crash an order is therefore either "prepared" (it never
// left this machine) or "sent" (it may have reached the bank: the person
// must check the statement before sending it again).
type OrderState int

const (
	OrderPrepared OrderState = iota // written, not yet sent
	OrderSent                       // on its way to the bank or waiting for a TAN
	OrderExecuted                   // the bank accepted it
	OrderRejected                   // the bank refused it, or it was dropped before sending
	OrderUnknown                    // sent, but no answer: check the statement
)

var orderStateNames = [...]string{"prepared", "sent", "executed", "rejected", "unknown"}

func (s OrderState) String() string {
	if s >= 0 && int(s) < len(orderStateNames) {
		return orderStateNames[s]
	}
	return fmt.Sprintf("OrderState(%d)", int(s))
}

// MarshalText writes the state's name.
func (s OrderState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a state name.
func (s *OrderState) UnmarshalText(b []byte) error {
	for i, n := range orderStateNames {
		if n == string(b) {
			*s = OrderState(i)
			return nil
		}
	}
	return fmt.Errorf("unknown order state %q", b)
}

// Unresolved reports whether the order may have reached the bank without a
// known result.
func (s OrderState) Unresolved() bool { return s == OrderSent || s == OrderUnknown }

// Order is one journal entry.
type Order struct {
	ID       string         `json:"id"`
	Login    LoginKey       `json:"login"`
	Transfer fints.Transfer `json:"transfer"`
	State    OrderState     `json:"state"`
	Prepared time.Time      `json:"prepared"`
	Sent     time.Time      `json:"sent,omitzero"`
	Finished time.Time      `json:"finished,omitzero"` // when the outcome was recorded
	Outcome  *fints.Outcome `json:"outcome,omitempty"`
}

// PrepareOrder writes a new order in state prepared and returns its ID.
func (v *Vault) PrepareOrder(key LoginKey, t fints.Transfer) (string, error) {
	if t.ToIBAN == "" || t.Amount.Sign() <= 0 {
		return "", errors.New("prepare order: the transfer needs a recipient IBAN and a positive amount")
	}
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("prepare order: %w", err)
	}
	o := Order{ID: hex.EncodeToString(raw), Login: key, Transfer: t, State: OrderPrepared, Prepared: now()}
	err := v.update(key.String(), "order", func(tx *bolt.Tx) error {
		if _, err := v.login(tx, key, false); err != nil {
			return err
		}
		return v.keys.putJSON(rootPlace(tx, bucketOrders), raw, o)
	})
	if err != nil {
		return "", fmt.Errorf("prepare order: %w", err)
	}
	return o.ID, nil
}

// MarkSent moves a prepared order to sent. Commit it before sending.
func (v *Vault) MarkSent(id string) error {
	return v.changeOrder(id, func(tx *bolt.Tx, o *Order) error {
		if o.State != OrderPrepared {
			return fmt.Errorf("order %s is %s, not prepared: refusing to send it again", id, o.State)
		}
		o.State, o.Sent = OrderSent, now()
		return nil
	})
}

// MarkOutcome records the bank's answer. Executed and rejected are final;
// unknown may later be resolved to either once the person has checked the
// statement. A prepared order may be marked rejected when it is dropped
// before sending. An executed order teaches the recipients address book.
func (v *Vault) MarkOutcome(id string, out fints.Outcome) error {
	return v.changeOrder(id, func(tx *bolt.Tx, o *Order) error {
		switch {
		case o.State == OrderExecuted || o.State == OrderRejected:
			return fmt.Errorf("order %s is already %s", id, o.State)
		case o.State == OrderPrepared && out.State != fints.Rejected:
			return fmt.Errorf("order %s was never marked sent, so it cannot be %s", id, out.State)
		}
		switch out.State {
		case fints.Executed:
			o.State = OrderExecuted
		case fints.Rejected:
			o.State = OrderRejected
		case fints.Unknown:
			o.State = OrderUnknown
		default:
			return fmt.Errorf("order %s: unknown outcome %d", id, out.State)
		}
		o.Outcome, o.Finished = &out, now()
		if o.State != OrderExecuted {
			return nil
		}
		p, err := v.login(tx, o.Login, false)
		if err != nil {
			return nil // login removed meanwhile: nothing to learn into
		}
		return v.learnRecipient(p, o.Login, o.Transfer, out.VoP, o.Finished)
	})
}

func (v *Vault) changeOrder(id string, change func(*bolt.Tx, *Order) error) error {
	raw, err := hex.DecodeString(id)
	if err != nil || len(raw) != 16 {
		return fmt.Errorf("order %q: not an order ID", id)
	}
	return v.update("", "order "+id, func(tx *bolt.Tx) error {
		root := rootPlace(tx, bucketOrders)
		var o Order
		found, err := v.keys.getJSON(root, raw, &o)
		if !found {
			return fmt.Errorf("order %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return &DamageError{Record: "order " + id, Err: err}
		}
		if err := change(tx, &o); err != nil {
			return err
		}
		return v.keys.putJSON(root, raw, o)
	})
}

// Order returns one journal entry.
func (v *Vault) Order(id string) (Order, error) {
	var o Order
	raw, err := hex.DecodeString(id)
	if err != nil || len(raw) != 16 {
		return o, fmt.Errorf("order %q: not an order ID", id)
	}
	err = v.view("", "order "+id, func(tx *bolt.Tx) error {
		found, err := v.keys.getJSON(rootPlace(tx, bucketOrders), raw, &o)
		if !found {
			return fmt.Errorf("order %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return &DamageError{Record: "order " + id, Err: err}
		}
		return nil
	})
	return o, err
}

// Orders returns the login's journal, oldest first.
func (v *Vault) Orders(key LoginKey) ([]Order, error) {
	return v.orders(func(o *Order) bool { return o.Login == key })
}

// PendingOrders returns the orders of all logins that were sent without a
// final answer (sent or unknown), oldest first. The UI warns about them:
// sending such a transfer again could pay twice.
func (v *Vault) PendingOrders() ([]Order, error) {
	return v.orders(func(o *Order) bool { return o.State.Unresolved() })
}

// orders lists matching orders. A damaged entry is reported (errors.Is
// ErrDamaged) after the readable ones, because hiding an order could hide
// an unresolved payment.
func (v *Vault) orders(match func(*Order) bool) ([]Order, error) {
	var out []Order
	var damage []error
	err := v.view("", "orders", func(tx *bolt.Tx) error {
		root := rootPlace(tx, bucketOrders)
		return root.b.ForEach(func(k, _ []byte) error {
			var o Order
			if _, err := v.keys.getJSON(root, k, &o); err != nil {
				damage = append(damage, &DamageError{Record: "order " + hex.EncodeToString(k), Err: err})
				return nil
			}
			if match(&o) {
				out = append(out, o)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Prepared.Before(out[j].Prepared) })
	return out, errors.Join(damage...)
}

// deleteOrders drops the login's orders inside a RemoveLogin transaction.
func (v *Vault) deleteOrders(tx *bolt.Tx, key LoginKey) error {
	root := rootPlace(tx, bucketOrders)
	var del [][]byte
	err := root.b.ForEach(func(k, _ []byte) error {
		var o Order
		if _, err := v.keys.getJSON(root, k, &o); err == nil && o.Login == key {
			del = append(del, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range del {
		if err := root.b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// now is the journal's clock, in UTC; a variable for tests.
var now = func() time.Time { return time.Now().UTC() }
