#!/usr/bin/env bash
# reliability_full_disk: a write that fails (a full disk, an I/O error), simulated by the
# LD_PRELOAD shim failwrite.c (MS_FAILWRITE: the library) after N bytes, in the output, in a
# checkpoint, in Flee's out.csv: on 1 and 2 ranks, and on one rank of two, the run ends within
# the time limit with status 1 and one error line naming the file (no hang, no crash, no second
# message); nothing partial is left under a final name or a temporary one, and the older output
# and checkpoint of those names are kept byte for byte.
. "$(dirname "$0")/../lib.sh"
ms_need md5sum h5dump
[ -f "${MS_FAILWRITE:-}" ] || ms_skip "the shim library MS_FAILWRITE is not built"

S=(-scenario "$MS_DEFAULT" -seed 3 -days 40)

# fail NAME NP AFTER PREFIX ERRNO [RANK] -- ARGS...: a run whose writes to files starting with
# PREFIX fail with ERRNO after AFTER bytes (on rank RANK only where given), in LOG NAME.
fail()
{
  local name=$1 np=$2 after=$3 prefix=$4 err=$5 rank=$6
  shift 7
  LD_PRELOAD=$MS_FAILWRITE MS_FAILWRITE_PATH=$MS_TMP/$prefix MS_FAILWRITE_AFTER=$after \
    MS_FAILWRITE_ERRNO=$err MS_FAILWRITE_RANK=$rank ms_run "$np" 60 "$name" "${S[@]}" "$@"
}

# sums: md5 of the older files a failed run must leave as they were.
sums() { md5sum out.h5 ck.h5 out.csv 2>/dev/null; }

# A whole run first: the older output, checkpoint and out.csv.
ms_must_run 2 120 logs_first "${S[@]}" -output out.h5 -flee_csv out.csv -checkpoint_every 20 \
  -checkpoint_prefix ck
before=$(sums)

# expect NAME RC FILE: the failed run's verdict: status 1, one line naming FILE, the older files
# unchanged, no temporary file left but the output's days (out.h5.partial, docs/output.md) when
# the output was not what failed; that one is a readable output file, removed for the next case.
expect()
{
  local left
  ms_expect_error "$1" "$1" "$2" 1 "$(printf '%s' "$3" | sed 's/[.]/[.]/g')"
  if [ "$(sums)" = "$before" ]; then ms_ok "$1: the older files kept"; else ms_fail "$1: an older file changed"; fi
  if [ "$3" != out.h5 ] && [ -f out.h5.partial ]; then
    if [ -n "$(ms_attr out.h5.partial days)" ]; then ms_ok "$1: out.h5.partial readable"; else ms_fail "$1: out.h5.partial unreadable"; fi
    rm -f out.h5.partial
  fi
  left=$(ls ./*.partial ./*.tmp ./*.probe-* 2>/dev/null)
  if [ -z "$left" ]; then ms_ok "$1: nothing partial left"; else ms_fail "$1: left $left"; rm -f $left; fi
}

for np in 1 2; do
  for after in 0 3000 40000; do
    fail out_np${np}_$after "$np" "$after" out.h5 ENOSPC "" -- -output out.h5 -flee_csv none
    expect out_np${np}_$after $? out.h5
  done
  # in the checkpoint's HDF5 part (rank 0), and in its agents
  for after in 500 20000; do
    fail ck_np${np}_$after "$np" $after ck.h5 EIO "" -- -output out.h5 -flee_csv none \
      -checkpoint_every 20 -checkpoint_prefix ck
    expect ck_np${np}_$after $? ck.h5.tmp
  done
  fail csv_np${np} "$np" 100 out.csv ENOSPC "" -- -output out.h5 -flee_csv out.csv
  expect csv_np${np} $? out.csv
done
# the agents of a checkpoint are written by every rank: a failure on rank 1 alone
fail ck_rank1 2 0 ck.h5 ENOSPC 1 -- -output out.h5 -flee_csv none -checkpoint_every 20 \
  -checkpoint_prefix ck
expect ck_rank1 $? ck.h5.tmp
ms_finish
