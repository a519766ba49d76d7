package fints

import (
	"context"

	"saldo/fints/statement"
)

// SyncWindow is how far back a routine sync fetches transactions: banks
// exempt data up to 90 days old from strong authentication (3076).
const SyncWindow = 90

// SyncResult is a full refresh of a login.
type SyncResult struct {
	Accounts   []Account
	Balances   []Balance
	Statements []AccountStatements
	Failures   []AccountError
}

// Sync refreshes every account: balances and the transactions since from
// (the last SyncWindow days when zero). All jobs go into as few messages as
// the BPD allow, so a warm sync (restored state, standing dialog) costs
// one message besides dialog init and end.
func (c *Client) Sync(ctx context.Context, from statement.Date) (*SyncResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if from.IsZero() {
		from = statement.DateOf(c.cfg.Clock.Now().In(berlin)).AddDays(-SyncWindow)
	}
	res, err := c.do(ctx, &opSpec{Kind: opSync, From: from})
	if err != nil {
		return nil, err
	}
	return &SyncResult{
		Accounts: append([]Account(nil), c.accountsFor(nil)...), Balances: res.Balances,
		Statements: res.Statements, Failures: res.Failures,
	}, nil
}
