#!/usr/bin/python3
"""Plots of a calibration (migrasim-calibrate's calibration.h5, docs/calibration.md).

    postprocess/plot_calibration.py calibration.h5 [-o DIR]

writes, into DIR (default: beside the file, calibration_plots/):
  camp_<name>.png  one per camp: the observed series as points over the simulated median and
                   the 5-95 % band of the accepted members, with the best member (and
                   POUNDERS' solution, where the calibration ran it)
  overview.png     one page: every camp small, the sweep's points coloured by their distance
                   with the accepted ones ringed, each parameter's posterior, and POUNDERS'
                   history
Needs Debian's python3-matplotlib and python3-h5py (jobscripts/install-deps.sh).
"""
import argparse
import math
import os
import re
import sys

try:
    import h5py
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
except ImportError as e:  # the test suite skips on this exit status
    sys.stderr.write("plot_calibration.py: %s (Debian: apt-get install python3-matplotlib python3-h5py)\n" % e)
    sys.exit(77)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def load(path):
    with h5py.File(path, "r") as f:
        if text(f.attrs.get("code", b"")) != "migrasim-calibrate":
            raise SystemExit("plot_calibration.py: error: %s: not a calibration file (code attribute)" % path)
        c = {
            "attrs": {k: f.attrs[k] for k in f.attrs},
            "pname": [text(s).rstrip("\0") for s in f["/parameters/name"][()]],
            "camp": [text(s).rstrip("\0") for s in f["/camps/name"][()]],
            "date": [text(s).rstrip("\0") for s in f["/camps/date"][()]],
        }
        for k in ("lower", "upper", "mean", "q05", "q50", "q95", "best"):
            c[k] = f["/parameters/" + k][()]
        for k in ("observed", "best", "q05", "q50", "q95"):
            c["camp_" + k] = f["/camps/" + k][()]
        for k in ("member", "status", "accepted"):
            c["m_" + k] = f["/members/" + k][()]
        c["m_distance"] = f["/members/distance"][()]
        c["m_x"] = f["/members/parameters"][()]
        c["pounders"] = None
        if "pounders" in f:
            g = f["pounders"]
            c["pounders"] = {"x": g["x"][()], "series": g["series"][()], "hx": g["history_x"][()],
                             "hf": g["history_sum_of_squares"][()], "reason": text(g.attrs.get("reason", b""))}
    return c


def camp_axes(ax, c, k, small=False):
    days = np.arange(len(c["date"]))
    ax.fill_between(days, c["camp_q05"][:, k], c["camp_q95"][:, k], color="tab:blue", alpha=0.25, lw=0, label="simulated 5-95 %")
    ax.plot(days, c["camp_q50"][:, k], color="tab:blue", lw=1.5, label="simulated median")
    ax.plot(days, c["camp_best"][:, k], color="tab:green", lw=1, ls="--", label="best member")
    if c["pounders"] is not None:
        ax.plot(days, c["pounders"]["series"][:, k], color="tab:red", lw=1, ls=":", label="POUNDERS")
    step = max(1, len(days) // 40)
    ax.plot(days[::step], c["camp_observed"][::step, k], "o", color="black", ms=2.5 if small else 3.5, label="observed")
    ax.set_title(c["camp"][k], fontsize=9 if small else 12)
    if not small:
        ax.set_xlabel("day (day 0 = %s)" % c["date"][0])
        ax.set_ylabel("people in the camp")
        ax.legend(fontsize=8, loc="upper left")
    else:
        ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("calibration")
    ap.add_argument("-o", "--outdir")
    a = ap.parse_args()
    c = load(a.calibration)
    out = a.outdir or os.path.splitext(a.calibration)[0] + "_plots"
    os.makedirs(out, exist_ok=True)
    written = []

    for k, name in enumerate(c["camp"]):
        fig, ax = plt.subplots(figsize=(7, 4.5))
        camp_axes(ax, c, k)
        fig.tight_layout()
        p = os.path.join(out, "camp_%s.png" % re.sub(r"[^A-Za-z0-9_.-]+", "_", name))
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(p)

    # overview: camps on top, then the parameter panels
    nc, np_ = len(c["camp"]), len(c["pname"])
    ccols = min(4, nc)
    crows = int(math.ceil(nc / ccols))
    prow = 2 if np_ >= 2 else 1
    fig = plt.figure(figsize=(11.7, 8.3))  # A4 landscape
    gs = fig.add_gridspec(crows + prow, max(ccols, 3))
    for k in range(nc):
        camp_axes(fig.add_subplot(gs[k // ccols, k % ccols]), c, k, small=True)
    done = c["m_status"] == 2
    acc = (c["m_accepted"] == 1) & done
    if np_ >= 2:
        ax = fig.add_subplot(gs[crows:, 0])
        sc = ax.scatter(c["m_x"][done, 0], c["m_x"][done, 1], c=c["m_distance"][done], cmap="viridis_r", s=18)
        ax.scatter(c["m_x"][acc, 0], c["m_x"][acc, 1], facecolors="none", edgecolors="red", s=60, lw=1, label="accepted")
        if c["pounders"] is not None:
            hx = c["pounders"]["hx"]
            ax.plot(hx[:, 0], hx[:, 1], "-", color="gray", lw=0.6)
            ax.plot(c["pounders"]["x"][0], c["pounders"]["x"][1], "*", color="red", ms=12, label="POUNDERS")
        fig.colorbar(sc, ax=ax, label=text(c["attrs"].get("distance", b"distance")))
        ax.set_xlabel(c["pname"][0], fontsize=8)
        ax.set_ylabel(c["pname"][1], fontsize=8)
        ax.legend(fontsize=7)
        ax.set_title("sweep points", fontsize=9)
    for j in range(min(np_, 4)):
        ax = fig.add_subplot(gs[crows + (j // 2 if prow == 2 else 0), 1 + (j % 2)]) if np_ >= 2 else fig.add_subplot(gs[crows:, j % 2])
        ax.hist(c["m_x"][acc, j], bins=max(5, int(acc.sum() // 2)), range=(c["lower"][j], c["upper"][j]), color="tab:blue", alpha=0.6)
        for q, ls in (("q05", ":"), ("q50", "-"), ("q95", ":")):
            ax.axvline(c[q][j], color="tab:blue", ls=ls, lw=1)
        ax.axvline(c["best"][j], color="tab:green", ls="--", lw=1)
        if c["pounders"] is not None:
            ax.axvline(c["pounders"]["x"][j], color="tab:red", lw=1.5)
        ax.set_title("%s: %.3g [%.3g, %.3g]" % (c["pname"][j], c["mean"][j], c["q05"][j], c["q95"][j]), fontsize=8)
        ax.tick_params(labelsize=7)
    at = c["attrs"]
    fig.suptitle("calibration of %s: %d of %d points accepted, best member %d (%s %.4f)" % (
        text(at.get("sweep", b"")), int(at.get("points_accepted", 0)), int(at.get("points", 0)),
        int(at.get("best_member", -1)), text(at.get("distance", b"")), float(at.get("best_distance", float("nan")))), fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    p = os.path.join(out, "overview.png")
    fig.savefig(p, dpi=100)
    plt.close(fig)
    written.append(p)
    for p in written:
        print("wrote", p)


if __name__ == "__main__":
    main()
