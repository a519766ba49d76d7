// Interoperability driver: lib-fints, an independent FinTS 3.0 client,
// against saldo's demo bank.
//
//   node driver.mjs URL BLZ USER PIN
//
// It does what a person with lib-fints would do: synchronise (one-step,
// then with a TAN method and the TAN read from the challenge text, as the
// demo bank prints it there), fetch the SEPA accounts, balances, 90 days of
// statements as camt and as MT940, statements older than 90 days (which
// need a TAN), and the same with the decoupled app method (polling until
// the demo app approves). It prints one JSON document with what came back
// and exits non-zero when any step fails.

import { FinTSClient, FinTSConfig } from 'lib-fints';

const [url, blz, user, pin] = process.argv.slice(2);
if (!url || !blz || !user || !pin) {
  console.error('usage: node driver.mjs URL BLZ USER PIN');
  process.exit(2);
}

const CLASSIC = 942; // SMS-TAN: the TAN is typed by hand
const DECOUPLED = 946; // app approval: no TAN, status polling

const result = { steps: [], accounts: [] };

function fail(step, why, extra = {}) {
  result.steps.push({ step, ok: false, why, ...extra });
  console.log(JSON.stringify(result, null, 2));
  process.exit(1);
}

function ok(step, extra = {}) {
  result.steps.push({ step, ok: true, ...extra });
}

// answers keeps the bank's codes of a response for the report.
function answers(resp) {
  return (resp.bankAnswers ?? []).map((a) => `${a.code} ${a.text}`);
}

function check(step, resp) {
  if (!resp || !resp.success) {
    fail(step, 'bank reported failure', { answers: resp ? answers(resp) : [] });
  }
}

// The demo bank shows the TAN in the challenge text; reading it off is
// what the person at the keyboard does.
function tanFrom(challenge) {
  const m = /TAN lautet (\d+)/.exec(challenge ?? '');
  return m ? m[1] : undefined;
}

// lib-fints always prefixes the HIKOM address with https://, but the demo
// bank serves plain HTTP on loopback: keep using the URL we were given.
function pinURL(client) {
  const bpd = client.config.bankingInformation.bpd;
  if (bpd) {
    bpd.url = url;
  }
}

async function withTan(step, resp, continueWithTan) {
  if (!resp.requiresTan) {
    return resp;
  }
  const tan = tanFrom(resp.tanChallenge);
  if (!tan) {
    fail(step, 'no TAN in the challenge text', { challenge: resp.tanChallenge });
  }
  const done = await continueWithTan(resp.tanReference, tan);
  if (done.requiresTan) {
    fail(step, 'TAN not accepted', { answers: answers(done) });
  }
  return done;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function isoDaysAgo(days) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - days);
  return d;
}

function count(resp) {
  return (resp.statements ?? []).reduce((n, s) => n + (s.transactions?.length ?? 0), 0);
}

function sample(resp) {
  for (const s of resp.statements ?? []) {
    for (const t of s.transactions ?? []) {
      return { amount: t.amount, name: t.remoteName, purpose: t.purpose };
    }
  }
  return undefined;
}

async function main() {
  const config = FinTSConfig.forFirstTimeUse('SALDOINTEROPTEST', '1.0', url, blz, user, pin);
  const client = new FinTSClient(config);

  // 1. First contact: one-step synchronisation gives BPD, methods, system ID.
  let resp = await client.synchronize();
  check('synchronize', resp);
  pinURL(client);
  const info = client.config.bankingInformation;
  if (!info.bpd || info.systemId === '0') {
    fail('synchronize', 'no BPD or no system ID', { answers: answers(resp) });
  }
  const methods = info.bpd.availableTanMethodIds;
  if (!methods.includes(CLASSIC) || !methods.includes(DECOUPLED)) {
    fail('synchronize', 'TAN methods missing', { methods });
  }
  ok('synchronize', { bank: info.bpd.bankName, bpdVersion: info.bpd.version, methods, systemId: info.systemId });

  // 2. With a TAN method: the first login of this system ID needs a TAN.
  client.selectTanMethod(CLASSIC);
  resp = await client.synchronize();
  check('synchronize with TAN method', resp);
  if (!resp.requiresTan) {
    fail('synchronize with TAN method', 'first login of a new system ID did not ask for a TAN', { answers: answers(resp) });
  }
  resp = await withTan('synchronize with TAN', resp, (ref, tan) => client.synchronizeWithTan(ref, tan));
  check('synchronize with TAN', resp);
  pinURL(client);
  const upd = client.config.bankingInformation.upd;
  if (!upd || upd.bankAccounts.length === 0) {
    fail('synchronize with TAN', 'no accounts (UPD) after the login', { answers: answers(resp) });
  }
  ok('synchronize with TAN', {
    accounts: upd.bankAccounts.map((a) => ({ number: a.accountNumber, iban: a.iban, product: a.product, sepa: a.isSepaAccount })),
  });

  // 3. Per account: balance, 90 days (exempt), camt and MT940.
  for (const acct of upd.bankAccounts) {
    const entry = { accountNumber: acct.accountNumber, iban: acct.iban, product: acct.product };
    resp = await client.getAccountBalance(acct.accountNumber);
    check(`balance ${acct.accountNumber}`, resp);
    if (resp.requiresTan || !resp.balance) {
      fail(`balance ${acct.accountNumber}`, 'no balance', { answers: answers(resp) });
    }
    entry.balance = resp.balance.balance;
    entry.currency = resp.balance.currency;
    entry.available = resp.balance.availableAmount;

    const from = isoDaysAgo(89);
    entry.from = from.toISOString().slice(0, 10);
    resp = await client.getAccountStatements(acct.accountNumber, from, undefined, true);
    check(`camt 90 days ${acct.accountNumber}`, resp);
    if (resp.requiresTan) {
      fail(`camt 90 days ${acct.accountNumber}`, 'statements within 90 days asked for a TAN');
    }
    entry.camt90 = count(resp);
    entry.camtSample = sample(resp);

    resp = await client.getAccountStatements(acct.accountNumber, from, undefined, false);
    check(`MT940 90 days ${acct.accountNumber}`, resp);
    if (resp.requiresTan) {
      fail(`MT940 90 days ${acct.accountNumber}`, 'statements within 90 days asked for a TAN');
    }
    entry.mt940_90 = count(resp);
    entry.mt940Sample = sample(resp);
    result.accounts.push(entry);
    ok(`account ${acct.accountNumber}`, { camt90: entry.camt90, mt940_90: entry.mt940_90 });
  }

  // 4. Older statements need a TAN (classic method).
  const giro = upd.bankAccounts[0];
  resp = await client.getAccountStatements(giro.accountNumber, isoDaysAgo(365), undefined, true);
  check('statements older than 90 days', resp);
  if (!resp.requiresTan) {
    fail('statements older than 90 days', 'no TAN asked for statements older than 90 days');
  }
  resp = await withTan('statements older than 90 days', resp, (ref, tan) => client.getAccountStatementsWithTan(ref, tan));
  check('statements older than 90 days with TAN', resp);
  const old = count(resp);
  if (old === 0) {
    fail('statements older than 90 days with TAN', 'no bookings', { answers: answers(resp) });
  }
  ok('statements older than 90 days with TAN', { bookings: old });

  // 5. The same with the decoupled app method: poll until approved.
  client.selectTanMethod(DECOUPLED);
  resp = await client.getAccountStatements(giro.accountNumber, isoDaysAgo(365), undefined, false);
  check('decoupled statements', resp);
  if (!resp.requiresTan) {
    fail('decoupled statements', 'no approval asked');
  }
  const ref = resp.tanReference;
  const method = client.config.selectedTanMethod;
  const wait = (method?.decoupled?.waitingSecondsBeforeFirstStatusRequest ?? 1) * 1000;
  const next = (method?.decoupled?.waitingSecondsBetweenStatusRequests ?? 1) * 1000;
  await sleep(wait);
  let polls = 0;
  for (;;) {
    polls++;
    resp = await client.getAccountStatementsWithTan(ref);
    check('decoupled status request', resp);
    if (!resp.requiresTan) {
      break;
    }
    if (polls >= 30) {
      fail('decoupled status request', 'never approved', { answers: answers(resp) });
    }
    await sleep(next);
  }
  const decoupled = count(resp);
  if (decoupled === 0) {
    fail('decoupled statements', 'no bookings after approval', { answers: answers(resp) });
  }
  ok('decoupled statements', { polls, bookings: decoupled });

  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => fail('exception', String(err?.stack ?? err)));
