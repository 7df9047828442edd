#!/usr/bin/env bash
# Checks the HTML report in a real headless Chromium (see docs/report.md).
#
#   bash scripts/html-browser-test.sh [target/release/claimcheck]
#
# Installs Debian's chromium when /usr/bin/chromium is missing (the CI machine
# is root with Debian package access), writes the seed draft's report and a
# hostile document's report, then runs scripts/html-browser-test.mjs, which
# drives Chromium over the DevTools protocol. Exits non-zero with a message on
# the first failed check. Set HTML_TEST_OUT=DIR to keep the reports and the
# screenshots (report.png, report-tooltip.png) in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "html-browser-test: FAIL: $*" >&2; exit 1; }

bin=${1:-target/release/claimcheck}
draft=../shared/acceptance/seed-draft.md
reference=../shared/acceptance/seed-reference.csv
[ -x "$bin" ] || fail "no claimcheck binary at $bin (run cargo build --release first)"
[ -f "$draft" ] && [ -f "$reference" ] || fail "the acceptance seed files are missing beside the checkout (../shared/acceptance)"
if ! command -v node >/dev/null; then
    echo "html-browser-test: installing Debian's nodejs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq nodejs >/dev/null || fail "node is needed to drive Chromium (apt-get install -y nodejs failed)"
fi

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
    echo "html-browser-test: installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || fail "apt-get update failed"
    apt-get install -y -qq chromium >/dev/null || fail "apt-get install chromium failed"
    [ -x "$chromium" ] || fail "chromium installed but $chromium is missing"
fi

out=${HTML_TEST_OUT:-$(mktemp -d)}
mkdir -p "$out"
"$bin" check --reference "$reference" --format html --exit-zero "$draft" >"$out/report.html" \
    || fail "claimcheck --format html failed on the seed draft"
"$bin" check --reference "$reference" --format jsonl --exit-zero "$draft" >"$out/claims.jsonl" \
    || fail "claimcheck --format jsonl failed on the seed draft"

# A hostile document, path and reference: markup in each must stay text.
evil=$(mktemp -d)
cat >"$evil/hostile.csv" <<'CSV'
subject,aliases,metric,value,unit,as_of,source
Zaporizhzhia,,population,710052,people,2022-01-01,"""><img src=x onerror=alert(2)>"
CSV
cat >"$evil/\"><b>draft.md" <<'MD'
# Title <script>alert(1)</script>

Zaporizhzhia, which had a population of around 7.1 million "quoted" & <i>tagged</i>
before the war — and a €90bn loan <!-- <script>alert(3)</script> -->.
MD
"$bin" check --reference "$evil/hostile.csv" --format html --exit-zero "$evil" >"$out/evil.html" \
    || fail "claimcheck --format html failed on the hostile document"

node scripts/html-browser-test.mjs "$chromium" "$out"
