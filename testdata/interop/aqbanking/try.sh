#!/usr/bin/env bash
# AqBanking against a running demo bank, by hand: the steps of
# TestAqBankingInterop (fints/demobank/aqbanking_interop_test.go) in a
# throw-away config folder. Type the TANs when asked (the demo bank shows
# them in the challenge text).
#
#   saldo demo-bank --listen 127.0.0.1:3000 &
#   testdata/interop/aqbanking/try.sh http://127.0.0.1:3000/fints
set -euo pipefail
url=${1:?usage: try.sh URL (e.g. http://127.0.0.1:3000/fints)}
command -v aqbanking-cli >/dev/null || { echo "install aqbanking-tools first" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'PIN_70066000_demo = "12345"\n' >"$dir/pins"   # the demo PIN is published
hbci() { aqhbci-tool4 -D "$dir/config" -P "$dir/pins" "$@"; }
cli() { aqbanking-cli -D "$dir/config" -P "$dir/pins" "$@"; }

hbci -n adduser -t pintan --context=1 -b 70066000 -u demo -c demo -N "Max Mustermann" -s "$url" --hbciversion=300
uid=$(hbci listusers | sed -n 's/.*Unique Id: \([0-9]*\).*/\1/p' | head -1)
hbci -n getsysid -u "$uid"
hbci listitanmodes -u "$uid"
hbci setitanmode -u "$uid" -m 6942          # SMS-TAN
hbci getaccounts -u "$uid"                  # first login of this system: TAN
aid=$(cli listaccs -T '$(uniqueId)|$(iban)' | sed -n 's/^\([0-9]*\)|DE91700660001001234567$/\1/p')
hbci getaccsepa -a "$aid"
cli -n request --balance -c "$dir/balance.ctx" --aid="$aid"
cli listbal -c "$dir/balance.ctx" -bt booked

cli sepatransfer -c "$dir/transfer.ctx" --aid="$aid" --riban=DE50120300000018273645 \
  --rname="Erika Mustermann" --value=12.34:EUR --purpose="AqBanking Interop-Test"
cli listtrans -c "$dir/transfer.ctx" -tt transfer -T '$(status) $(valueAsString) $(remoteName)'

cli -n request --transactions --fromdate="$(date +%Y%m%d)" -c "$dir/statement.ctx" --aid="$aid"
cli listtrans -c "$dir/statement.ctx"
