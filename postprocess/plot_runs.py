#!/usr/bin/python3
"""Plots of one run or of a set of runs of the same scenario (seeds, a sweep's members).

    postprocess/plot_runs.py RUN.h5 [RUN.h5 ...] [-o DIR] [--scenario DIR] [--title TEXT]
    postprocess/plot_runs.py SWEEP_DIR            (every member file of a sweep: SWEEP_DIR/**/*.h5)

writes, into DIR (default: beside the first file, <name>_plots/):
  camp_<name>.png  one per camp: the simulated population (one run: its line; several: their
                   median and the band between their 5 % and 95 % quantiles, with the range
                   over all runs lighter) against the observed points
  overview.png     one page: every camp small, the agents in the simulation (in camps, at other
                   locations, on the move) and the agents created each day
The observed points are the '<camp> data' column of the run's Flee out.csv (RUN.out.csv, the
series the ARD is computed against) where it is there, else the dated counts of the
scenario's source_data/ (the file's 'scenario' attribute, or --scenario). Needs Debian's
python3-matplotlib and python3-h5py (jobscripts/install-deps.sh).
"""
import argparse
import csv
import glob
import math
import os
import re
import sys

try:
    import h5py
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import numpy as np
except ImportError as e:  # the test suite skips on this exit status
    sys.stderr.write("plot_runs.py: %s (Debian: apt-get install python3-matplotlib python3-h5py)\n" % e)
    sys.exit(77)


def fail(msg):
    sys.stderr.write("plot_runs.py: error: %s\n" % msg)
    sys.exit(1)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def strings(a):
    return [text(s).rstrip("\0") for s in a]


def load(path):
    """The run's series and what identifies it."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        fail("%s: cannot open (%s)" % (path, e))
    with f:
        if text(f.attrs.get("code", b"")) != "migrasim":
            fail("%s: not a migrasim run output (attribute 'code')" % path)
        pop = f["daily/population"][()]
        return {
            "path": path,
            "attrs": {k: f.attrs[k] for k in f.attrs},
            "name": strings(f["locations/name"][()]),
            "type": strings(f["locations/type"][()]),
            "date": np.array(strings(f["daily/date"][()]), dtype="datetime64[D]"),
            "pop": pop,
            "on_links": f["daily/on_links"][()].reshape(pop.shape[0], -1),
            "spawned": f["daily/spawned"][()],
        }


def observed_from_csv(path, camps):
    """Flee's out.csv: per camp, (dates, counts) of its 'data' column."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    head, obs = rows[0], {}
    dates = np.array([r[1] for r in rows[1:]], dtype="datetime64[D]")
    for c in camps:
        if c + " data" in head:
            k = head.index(c + " data")
            obs[c] = (dates, np.array([float(r[k]) for r in rows[1:]]))
    return obs


def observed_from_scenario(scenario, camps, scale):
    """The dated counts of source_data/ for each camp of data_layout.csv."""
    src = os.path.join(scenario, "source_data")
    layout, obs = os.path.join(src, "data_layout.csv"), {}
    if not os.path.isfile(layout):
        return obs
    with open(layout, newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 2 or row[0].startswith("#") or row[0] not in camps:
                continue
            d, n = [], []
            with open(os.path.join(src, row[1]), newline="") as g:
                for r in csv.reader(g):
                    if len(r) >= 2 and re.match(r"\d{4}-\d\d-\d\d$", r[0]) and r[1].strip():
                        d.append(r[0])
                        n.append(float(r[1]) * scale)
            obs[row[0]] = (np.array(d, dtype="datetime64[D]"), np.array(n))
    return obs


def observed(run, camps, scenario):
    csvp = os.path.splitext(run["path"])[0] + ".out.csv"
    if os.path.isfile(csvp):
        return observed_from_csv(csvp, camps), "observed (out.csv 'data')"
    scn = scenario or text(run["attrs"].get("scenario", b""))
    scale = float(run["attrs"].get("population_scale", 1.0)) if not isinstance(run["attrs"].get("population_scale"), (bytes, str)) \
        else float(text(run["attrs"]["population_scale"]))
    return observed_from_scenario(scn, camps, scale), "observed (source_data)"


def camp_axes(ax, runs, obs, k, name, label_obs, small=False):
    date = runs[0]["date"]
    series = np.array([r["pop"][:, k] for r in runs])
    if len(runs) == 1:
        ax.plot(date, series[0], color="tab:blue", lw=1.5, label="simulated")
    else:
        ax.fill_between(date, series.min(0), series.max(0), color="tab:blue", alpha=0.12, lw=0, label="simulated, all %d runs" % len(runs))
        ax.fill_between(date, np.percentile(series, 5, axis=0), np.percentile(series, 95, axis=0), color="tab:blue", alpha=0.3, lw=0,
                        label="simulated 5-95 %")
        ax.plot(date, np.median(series, 0), color="tab:blue", lw=1.5, label="simulated median")
    if name in obs:
        d, n = obs[name]
        keep = (d >= date[0]) & (d <= date[-1])
        step = max(1, int(keep.sum()) // 40)
        ax.plot(d[keep][::step], n[keep][::step], "o", color="black", ms=2.5 if small else 3.5, label=label_obs)
    ax.set_title(name, fontsize=9 if small else 12)
    ax.grid(alpha=0.3)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=4 if small else 8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    if small:
        ax.tick_params(labelsize=7)
        ax.set_ylabel("people", fontsize=7)
    else:
        ax.set_xlabel("date")
        ax.set_ylabel("people in the camp")
        ax.legend(fontsize=8, loc="upper left")


def describe(runs):
    at = runs[0]["attrs"]
    scn = os.path.basename(os.path.normpath(text(at.get("scenario", b"?"))))
    seeds = sorted({int(r["attrs"].get("seed", -1)) for r in runs})
    ard = [float(r["attrs"]["ard"]) for r in runs if "ard" in r["attrs"]]
    s = "%s, %d day(s) from %s" % (scn, len(runs[0]["date"]), runs[0]["date"][0])
    s += ", seed %d" % seeds[0] if len(runs) == 1 else ", %d runs (seeds %s)" % (len(runs), ", ".join(map(str, seeds[:6])) + (", ..." if len(seeds) > 6 else ""))
    if ard:
        s += ", ARD %.4f" % ard[0] if len(ard) == 1 else ", ARD %.4f-%.4f" % (min(ard), max(ard))
    return s


def band(ax, date, x, color, label):
    if len(x) == 1:
        ax.plot(date, x[0], color=color, lw=1.2, label=label)
    else:
        ax.fill_between(date, np.percentile(x, 5, axis=0), np.percentile(x, 95, axis=0), color=color, alpha=0.3, lw=0)
        ax.plot(date, np.median(x, 0), color=color, lw=1.2, label=label + " (median, 5-95 %)")


def overview(runs, camps, obs, label_obs, title, path):
    nc = len(camps)
    # rows as full as they can be (at most 4 camps a row); a slot left over holds the legend
    crows = max(1, int(math.ceil(nc / 4)))
    ccols = max(1, int(math.ceil(nc / crows)))
    fig = plt.figure(figsize=(11.7, 8.3))  # A4 landscape
    gs = fig.add_gridspec(crows + 1, 2 * ccols)
    slot = lambda j: gs[j // ccols, 2 * (j % ccols):2 * (j % ccols) + 2]
    for j, (k, name) in enumerate(camps):
        camp_axes(fig.add_subplot(slot(j)), runs, obs, k, name, label_obs, small=True)
    if camps:
        handles, labels = fig.axes[0].get_legend_handles_labels()
        if nc < crows * ccols:
            ax = fig.add_subplot(slot(nc))
            ax.axis("off")
            ax.legend(handles, labels, loc="center", fontsize=8, title="each camp", title_fontsize=8)
        else:
            fig.axes[0].legend(fontsize=6, loc="upper left")
    date, iscamp = runs[0]["date"], np.array([t in ("camp", "idpcamp") for t in runs[0]["type"]])
    ax = fig.add_subplot(gs[crows, :ccols])
    band(ax, date, np.array([r["pop"][:, iscamp].sum(1) for r in runs]), "tab:green", "in camps")
    band(ax, date, np.array([r["pop"][:, ~iscamp].sum(1) for r in runs]), "tab:orange", "at other locations")
    band(ax, date, np.array([r["on_links"].sum(1) for r in runs]), "tab:purple", "on the move (on links)")
    ax.set_title("agents in the simulation", fontsize=9)
    ax.set_ylabel("people", fontsize=8)
    ax.legend(fontsize=7, loc="upper left")
    ax = fig.add_subplot(gs[crows, ccols:])
    band(ax, date[1:], np.array([r["spawned"][1:] for r in runs]), "tab:red", "created")
    ax.set_title("agents created each day (after day 0's %d)" % int(runs[0]["spawned"][0]), fontsize=9)
    ax.set_ylabel("people per day", fontsize=8)
    ax.legend(fontsize=7, loc="upper right")
    for a in fig.axes[-2:]:
        a.grid(alpha=0.3)
        a.tick_params(labelsize=7)
        a.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=6))
        a.xaxis.set_major_formatter(mdates.ConciseDateFormatter(a.xaxis.get_major_locator()))
    fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(path, dpi=100)
    plt.close(fig)


def files(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            found = sorted(p for p in glob.glob(os.path.join(a, "**", "*.h5"), recursive=True)
                           if text(h5py.File(p, "r").attrs.get("code", b"")) == "migrasim")
            if not found:
                fail("%s: no migrasim run output in the directory" % a)
            out += found
        else:
            out.append(a)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+", help="run outputs (.h5), or a sweep directory")
    ap.add_argument("-o", "--outdir")
    ap.add_argument("--scenario", help="the scenario directory, where the files' 'scenario' attribute does not lead to it")
    ap.add_argument("--title", help="the overview's title (default: scenario, days, seeds, ARD)")
    a = ap.parse_args()
    runs = [load(p) for p in files(a.runs)]
    for r in runs[1:]:
        if r["name"] != runs[0]["name"]:
            fail("%s: other locations than %s (runs of one scenario only)" % (r["path"], runs[0]["path"]))
    ndays = min(len(r["date"]) for r in runs)
    for r in runs:  # runs stopped early: the days every run has
        for k in ("date", "pop", "on_links", "spawned"):
            r[k] = r[k][:ndays]
    camps = [(k, n) for k, (n, t) in enumerate(zip(runs[0]["name"], runs[0]["type"])) if t in ("camp", "idpcamp")]
    obs, label_obs = observed(runs[0], [n for _, n in camps], a.scenario)
    out = a.outdir or os.path.splitext(runs[0]["path"])[0] + "_plots"
    os.makedirs(out, exist_ok=True)
    title = a.title or describe(runs)
    written = []
    for k, name in camps:
        fig, ax = plt.subplots(figsize=(7, 4.5))
        camp_axes(ax, runs, obs, k, name, label_obs)
        ax.set_title("%s\n%s" % (name, title), fontsize=10)
        fig.tight_layout()
        p = os.path.join(out, "camp_%s.png" % re.sub(r"[^A-Za-z0-9_.-]+", "_", name))
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(p)
    p = os.path.join(out, "overview.png")
    overview(runs, camps, obs, label_obs, title, p)
    written.append(p)
    for p in written:
        print("wrote", p)


if __name__ == "__main__":
    main()
