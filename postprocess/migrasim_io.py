"""Read a migrasim output file (docs/output.md) into numpy, pandas and xarray.

    import migrasim_io as mio
    run = mio.open_run("mali.h5")
    run.attrs["seed"], run.attrs["move_rules.camp_weight"]   # typed: int, float, bool, str
    run.locations                  # pandas DataFrame indexed by location name
    run.daily("population")        # DataFrame: one row per date, one column per location
    ds = run.to_xarray()           # xarray.Dataset, dimensions day/location/route, with the
    ds.population.sel(location="Niamey")   # coordinates day, date and location

Needs h5py and numpy; pandas for the DataFrames, xarray for to_xarray() (Debian:
python3-h5py python3-pandas python3-xarray). The coordinates come from the file's HDF5
dimension scales (/day, /location, /route), as a netCDF reader finds them; files written
before those existed get the same coordinates from /locations/name and the row numbers.
"""
import h5py
import numpy as np

DAILY = ("population", "arrivals", "on_links", "spawned", "removed", "assimilated")


def _text(v):
    """A string attribute or a string array as str (h5py gives bytes, str or object arrays)."""
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray) and v.dtype.kind in "SOU":
        return [_text(x) for x in v.tolist()]
    return v


def _value(v):
    """An attribute as a plain Python value: str, int, float, bool, or a list of them."""
    v = _text(v)
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


class Run:
    """One migrasim output file, read on demand; the file is open only inside each call."""

    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r") as f:
            if _text(f.attrs.get("code", b"")) != "migrasim":
                raise ValueError("%s: not a migrasim output (attribute 'code' on /)" % path)
            self.attrs = {k: _value(f.attrs[k]) for k in f.attrs}
            self.datasets = sorted(k for k in f["daily"] if k != "date")
            self.ndays = f["daily/population"].shape[0]
            self.location = _text(f["location"][()] if "location" in f else f["locations/name"][()])
            self.date = np.array(_text(f["daily/date"][()]), dtype="datetime64[D]")
            self.day = f["day"][()] if "day" in f else np.arange(self.ndays)
            self.units = {k: _text(f["daily"][k].attrs.get("units", b"")) for k in self.datasets}
            self.description = {k: _text(f["daily"][k].attrs.get("description", b"")) for k in self.datasets}

    def array(self, name):
        """The dataset /daily/NAME (or any path, e.g. "locations/lat") as a numpy array."""
        with h5py.File(self.path, "r") as f:
            d = f[name if "/" in name else "daily/" + name]
            return np.array(_text(d[()])) if d.dtype.kind in "SO" else d[()]

    @property
    def locations(self):
        """/locations as a pandas DataFrame indexed by name (type, region, country, lat, lon,
        capacity, rank)."""
        import pandas as pd
        with h5py.File(self.path, "r") as f:
            g = f["locations"]
            cols = {k: (_text(g[k][()]) if g[k].dtype.kind in "SO" else g[k][()]) for k in g if k != "name"}
        df = pd.DataFrame(cols, index=pd.Index(self.location, name="location"))
        return df[[c for c in ("type", "region", "country", "lat", "lon", "capacity", "rank") if c in df]]

    @property
    def routes(self):
        """/routes as a pandas DataFrame indexed by route (from, to, distance in km)."""
        import pandas as pd
        with h5py.File(self.path, "r") as f:
            g = f["routes"]
            df = pd.DataFrame({"from": _text(g["from"][()]), "to": _text(g["to"][()]), "distance": g["distance"][()]})
        df.index.name = "route"
        return df

    def daily(self, name="population"):
        """A /daily series as pandas: a DataFrame (index date, a column per location, or per
        route for on_links) or, for spawned, a Series indexed by date."""
        import pandas as pd
        a = self.array(name)
        index = pd.DatetimeIndex(self.date, name="date")
        if a.ndim == 1:
            return pd.Series(a, index=index, name=name)
        columns = pd.Index(self.location, name="location") if a.shape[1] == len(self.location) and name != "on_links" \
            else pd.RangeIndex(a.shape[1], name="route")
        return pd.DataFrame(a, index=index, columns=columns)

    def to_xarray(self):
        """Every /daily series as an xarray.Dataset: dimensions day, location, route;
        coordinates day (0 = start_date), date (on day), location (names) and the locations'
        and routes' static columns; units and description on each variable; the file's
        attributes (provenance, settings, summary figures) on the Dataset."""
        import xarray as xr
        locs, routes = self.locations, self.routes
        coords = {"day": ("day", self.day), "date": ("day", self.date), "location": ("location", self.location),
                  "route": ("route", np.arange(len(routes)))}
        for c in ("type", "region", "country", "lat", "lon", "capacity"):
            coords["location_" + c] = ("location", locs[c].to_numpy())
        for c in ("from", "to", "distance"):
            coords["route_" + c] = ("route", routes[c].to_numpy())
        data = {}
        for k in self.datasets:
            a = self.array(k)
            dims = ("day",) if a.ndim == 1 else ("day", "route" if k == "on_links" else "location")
            if k == "on_links" and a.ndim == 1:  # a scenario without routes
                continue
            data[k] = (dims, a, {"units": self.units[k], "description": self.description[k]})
        # netCDF has no bool: the settings' bools as 0 and 1
        attrs = {k: (int(v) if isinstance(v, bool) else v) for k, v in self.attrs.items()}
        return xr.Dataset(data, coords=coords, attrs=attrs)


def open_run(path):
    """The migrasim output at path (a Run)."""
    return Run(path)


if __name__ == "__main__":
    import sys
    for p in sys.argv[1:]:
        r = open_run(p)
        print("%s: %d days, %d locations, series %s" % (p, r.ndays, len(r.location), ", ".join(r.datasets)))
