#!/bin/sh
# forecast.html in a real browser. test_forecast_report writes the page of a small synthetic
# forecast (tests/unit/test_forecast_report.c); Debian's chromium, headless, loads it: its DOM
# must hold every destination and every warning's sentence, the load must log no console
# message (the page has no script, so any is an error), the camps' dressed bands must be in
# their legends, and screenshots at a laptop's and at a phone's size must not be blank
# (tests/unit/png_check.py). Skipped (77) without chromium.
#
#   forecast_report_browser.sh TEST_FORECAST_REPORT OUTDIR
set -u
prog=$1
out=$2

if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (Debian: apt-get install chromium); forecast.html not opened"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is not installed; the screenshots cannot be checked"
  exit 77
fi
here=$(dirname "$0")
mkdir -p "$out"
rm -f "$out"/forecast* "$out"/*.png "$out"/*.log "$out"/dom.html
"$prog" "$out/forecast" >"$out/writer.log" 2>&1 || { cat "$out/writer.log"; exit 1; }
html=$out/forecast.html
status=0
fail() {
  echo "FAIL: $*"
  status=1
}

# One headless chromium run, with a profile of its own, that may neither reach the network
# nor update itself; its log (stderr) into $1.
chrome() {
  log=$1
  shift
  profile=$(mktemp -d)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" 2>"$log"
  rc=$?
  rm -rf "$profile"
  return $rc
}

chrome "$out/dom.log" --dump-dom "file://$html" >"$out/dom.html" || fail "chromium could not load $html"
for name in "Camp Alpha" "Camp Béta" "North Region" "Testland"; do
  grep -qF "$name" "$out/dom.html" || fail "the page lacks the destination '$name'"
done
# every warning's sentence (test_forecast_report.c checks the same sentences in the table)
while IFS= read -r sentence; do
  grep -qF "$sentence" "$out/dom.html" || fail "the page lacks the warning '$sentence'"
done <<'SENTENCES'
Camp Béta: arrivals surge from 25 February 2013, probability 0.55: the arrivals of the week to that day pass twice the forecast's own weekly average of the 4 weeks before 20 February 2013 (medians over the forecasts: 420 people in the week, a threshold of 300); a change of +120 people since 20 February 2013 (−50 to +260).
Camp Alpha: more than 90 % full from 28 February 2013, probability 0.65 (median 1,830 people for 2,000 places); 330 more people than on 20 February 2013 (180–480).
SENTENCES
grep -qF "close_border moves a median of 300 people (226–374) away from Camp Alpha by 12 March 2013." \
  "$out/dom.html" || fail "the page lacks the variant's sentence on Camp Alpha"
# the camps' dressed bands (test_forecast_report.c dresses them): in the legend, explained once
n=$(grep -o "90 % with the model's past errors" "$out/dom.html" | wc -l)
[ "$n" -eq 2 ] || fail "the page names a dressed band in $n legends, not 2 (the camps')"
grep -qF "The palest band around each camp" "$out/dom.html" || fail "the page does not explain the dressed band"
nplots=$(grep -o '<svg class="plot"' "$out/dom.html" | wc -l)
[ "$nplots" -eq 7 ] || fail "the page has $nplots plots, not 7 (4 destinations, 3 changed by the variant)"
if grep -E "CONSOLE|Uncaught" "$out/dom.log"; then fail "the page logged to the console"; fi

for size in 1280x2000 390x2400; do
  w=${size%x*}
  h=${size#*x}
  chrome "$out/shot-$size.log" --hide-scrollbars --window-size="$w,$h" \
    --screenshot="$out/forecast-$size.png" "file://$html" >/dev/null || fail "no screenshot at $size"
  if grep -E "CONSOLE|Uncaught" "$out/shot-$size.log"; then fail "the page logged to the console at $size"; fi
  python3 "$here/png_check.py" "$out/forecast-$size.png" "$w" "$h" || fail "the screenshot at $size"
done
[ $status -eq 0 ] && echo "forecast.html: every destination and warning shown, no console message, screenshots in $out"
exit $status
