#!/usr/bin/env bash
# observed_until (a hindcast): a run reads the observed series as known on that day, whatever
# is observed later; a forecast and a backtest, which cut the series themselves, refuse it.
# tests/forecast/cut: camps observed on days 0, 10, 20 (2030-01-01, -11, -21), data-driven. A
# copy of it has other counts on day 20. With -observed_until 15 the two runs' /daily are the
# same (spawning follows the series held flat after day 10); with 25, or unset, they differ (the
# comparisons can fail). The setting is in the output's attributes.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff

S=$MS_TESTS/forecast/cut
fc_cut_copy other 's/^2030-01-21,.*/2030-01-21,5000/'
A=(-days 30 -flee_csv none)
ms_must_run 2 60 a15 -scenario "$S" "${A[@]}" -observed_until 15 -output a15.h5
ms_must_run 2 60 b15 -scenario other "${A[@]}" -observed_until 15 -output b15.h5
ms_same a15.h5 b15.h5 "as known on day 15" /daily
ms_expect_eq "the setting in the output" "$(ms_attr a15.h5 observed_until)" 15
ms_must_run 2 60 a25 -scenario "$S" "${A[@]}" -observed_until 25 -output a25.h5
ms_must_run 2 60 b25 -scenario other "${A[@]}" -observed_until 25 -output b25.h5
ms_differ a25.h5 b25.h5 "as known on day 25, after the day-20 observations" /daily/population
ms_must_run 2 60 a -scenario "$S" "${A[@]}" -output a.h5
ms_differ a.h5 a15.h5 "unset against day 15 (the series interpolated towards day 20)" /daily/population
ms_expect_eq "unset in the output" "$(ms_attr a.h5 observed_until)" -1

fc_run 2 60 fc -scenario "$S" -forecast_from 2030-01-16 -horizon 5 -replicates 2 -report none \
  -output fc.h5 -observed_until 15
ms_expect_error "a forecast with observed_until" fc $? nonzero "observed_until" "forecast day"
fc_run 2 60 bt -backtest -scenario "$S" -backtest_dir bt -observed_until 15
ms_expect_error "a backtest with observed_until" bt $? nonzero "observed_until" "cut days"
ms_finish
