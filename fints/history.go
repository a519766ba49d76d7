package fints

// HistoryDays returns how many days back the bank keeps statements for the
// job the engine uses (the Speicherzeitraum of HICAZS or HIKAZS), or 0 when
// the BPD are not known yet or do not say. Callers fetching older history
// stop there instead of asking for a TAN to download nothing.
func (c *Client) HistoryDays() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, jp, _, ok := c.statementJob()
	if !ok {
		return 0
	}
	days, _ := jp.params.Int(1)
	return days
}
