// Package demobank is saldo's demo bank: a FinTS 3.0 PIN/TAN server (HTTP
// POST, base64 bodies) with a deterministic ledger, behind the app's demo
// mode, the end-to-end and interoperability tests, and the examples of
// package fints.
//
// [New] builds a bank from [Options] (clock, seed, logins, faults);
// [Bank.Start] serves it on a free loopback port and returns its URL
// ([Bank.Listen] serves on a given loopback address; [Bank.Handler] is
// the bare http.Handler). The logins [DemoUser] and [DemoUser100k] use
// [DemoPIN] and, unless [LoginOptions] narrow them, all four TAN methods:
// app approval ([MethodDecoupled]), chipTAN ([MethodChipTAN]), photoTAN
// ([MethodPhotoTAN]) and SMS-TAN ([MethodSMS]). Hooks stand in for the
// person's phone and app — [Bank.LastTAN], [Bank.ApproveDecoupled],
// [Bank.RejectDecoupled] — [Bank.SetFaults] drops, loses or aborts
// messages ([Faults]), and [Bank.Ledger] is the witness of what was
// booked ([Ledger]: accounts, balances, bookings, transfers).
//
// The ledger files (ledger*.go, data*.go, payees*.go) hold the customers,
// accounts and bookings, with no protocol in them: deterministic from a
// seed and an injected clock (Options.Seed, Options.Now with a
// [FakeClock], Options.ChallengeRandom for TANs), so screenshots and tests
// are reproducible. The FinTS server on top maps the ledger's values and
// typed errors to segments and return codes. Start and Listen serve on
// loopback only ([CheckLoopback]): the bank has no TLS and its PINs are
// published.
package demobank
