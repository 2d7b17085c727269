#!/usr/bin/env bash
# Install the Debian 12 packages migrasim builds and runs with, where they are missing.
set -euo pipefail
pkgs=(build-essential cmake pkg-config git libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools
      libpetsc-real-dev libgsl-dev libyaml-dev librandom123-dev python3-matplotlib python3-h5py
      python3-pandas python3-xarray python3-h5netcdf)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
