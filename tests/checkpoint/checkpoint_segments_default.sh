#!/usr/bin/env bash
# checkpoint_segments_default: the default scenario run for 40 days straight, and in three
# segments restarted from checkpoints on 2, 1 and 3 ranks, gives the same /daily and the
# same final checkpoint bit for bit (tests/lib.sh: ck_segments).
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
ck_segments "default" -scenario "$MS_DEFAULT" -seed 3
ms_finish
