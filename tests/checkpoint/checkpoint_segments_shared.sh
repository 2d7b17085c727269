#!/usr/bin/env bash
# checkpoint_segments_shared: as checkpoint_segments_default, on the real Flee scenario mali
# with Flee's validation settings (-settings simsetting-validation.yml). Skipped without
# MS_SHARED/data/flee.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
[ -d "$MS_FLEE/mali" ] || ms_skip "shared Flee scenario not found at $MS_FLEE/mali; set MS_SHARED"
[ -f "$MS_FLEE/simsetting-validation.yml" ] || ms_skip "$MS_FLEE/simsetting-validation.yml not found"
ck_segments "mali" -scenario "$MS_FLEE/mali" -settings "$MS_FLEE/simsetting-validation.yml" -seed 3
ms_finish
