"""Checks of postprocess/migrasim_io.py on a real output: python3 check_loader.py RUN.h5

Reads the file twice, with h5py directly and through the loader, and prints one line per check,
"ok   WHAT" or "FAIL WHAT"; exits 1 when a check failed, 77 when h5py is missing. pandas and
xarray checks are skipped, with a line saying so, where those packages are absent."""
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:
    print("SKIP %s (Debian: apt-get install python3-h5py)" % e)
    sys.exit(77)
import migrasim_io as mio

failed = 0


def check(cond, what):
    global failed
    print(("ok   " if cond else "FAIL ") + what)
    failed += not cond


path = sys.argv[1]
f = h5py.File(path, "r")
names = [x.decode() for x in f["locations/name"][()]]
dates = np.array([x.decode() for x in f["daily/date"][()]], dtype="datetime64[D]")
pop = f["daily/population"][()]

# the file itself: self-describing
undescribed = []
f.visititems(lambda n, o: undescribed.append(n) if isinstance(o, h5py.Dataset) and not ("units" in o.attrs and "description" in o.attrs) else None)
check(not undescribed, "every dataset has units and description (missing: %s)" % ", ".join(undescribed))
check([list(d.keys()) for d in f["daily/population"].dims] == [["day"], ["location"]],
      "/daily/population's dimension scales are day and location")
check([list(d.keys()) for d in f["daily/on_links"].dims] == [["day"], ["route"]], "/daily/on_links's are day and route")
check(list(f["daily/date"].dims[0].keys()) == ["day"], "/daily/date lies along day")
check(list(f["day"][()]) == list(range(pop.shape[0])), "/day is 0..days-1")
check(f["day"].attrs["units"].startswith("days since "), "/day's units are CF's 'days since START'")
check(h5py.check_string_dtype(f["locations/name"].dtype).length is None, "/locations/name is variable-length strings")
check(h5py.check_string_dtype(f.attrs.get_id("code").dtype).encoding == "utf-8", "string attributes are UTF-8")
for k in ("complete", "rebalances", "days", "nranks"):
    check(f.attrs[k].dtype == np.int64, "%s is int64" % k)
check(f.attrs["move_rules.camp_weight"].dtype == np.float64, "a real setting is float64")
check(f.attrs["move_rules.start_on_foot"].dtype == np.bool_, "a bool setting is bool")
check(f.attrs["move_rules.awareness_level"].dtype == np.int64, "an integer setting is int64")
check("move_rules.camp_weight: " in f.attrs["settings"], "the settings' text form is beside them")

run = mio.open_run(path)
check(run.attrs["seed"] == int(f.attrs["seed"]) and isinstance(run.attrs["move_rules.start_on_foot"], bool),
      "loader: attributes as Python values")
check(np.array_equal(run.array("population"), pop), "loader: population as numpy equals h5py's")

try:
    import pandas as pd
except ImportError:
    pd = None
    print("SKIP pandas checks: python3-pandas not installed")
if pd is not None:
    df = run.daily("population")
    check(list(df.columns) == names and df.columns.name == "location", "pandas: columns named by location, as /locations/name")
    check(df.index.name == "date" and np.array_equal(df.index.values.astype("datetime64[D]"), dates), "pandas: index date, as /daily/date")
    check(np.array_equal(df.to_numpy(), pop), "pandas: values equal h5py's")
    check(run.locations.loc[names[-1], "lat"] == f["locations/lat"][-1], "pandas: /locations indexed by name")
    check(list(run.daily("spawned")) == list(f["daily/spawned"][()]), "pandas: spawned as a Series")

try:
    import xarray as xr
except ImportError:
    xr = None
    print("SKIP xarray checks: python3-xarray not installed")
if xr is not None:
    ds = run.to_xarray()
    check(ds.population.dims == ("day", "location") and ds.on_links.dims == ("day", "route"), "xarray: named dimensions")
    check(list(ds.location.values) == names, "xarray: coordinate location, the names")
    check(list(ds.day.values) == list(range(pop.shape[0])), "xarray: coordinate day")
    check(np.array_equal(ds.date.values.astype("datetime64[D]"), dates) and ds.date.dims == ("day",), "xarray: coordinate date along day")
    t, j = pop.shape[0] // 2, len(names) - 1
    check(int(ds.population.sel(location=names[j], day=t)) == pop[t, j], "xarray: sel(location=..., day=...) gives h5py's value")
    check(np.array_equal(ds.population.values, pop) and ds.population.attrs["units"] == "people", "xarray: values and units")
    check(int(ds.attrs["seed"]) == int(f.attrs["seed"]), "xarray: the file's attributes on the Dataset")
    try:
        import h5netcdf  # noqa: F401 (xarray's netCDF-4 engine that reads HDF5 dimension scales)
    except ImportError:
        print("SKIP netCDF checks: python3-h5netcdf not installed")
    else:
        nc = xr.open_dataset(path, engine="h5netcdf", group="daily")
        root = xr.open_dataset(path, engine="h5netcdf")
        check(nc.population.dims == ("day", "location") and nc.on_links.dims == ("day", "route"),
              "netCDF reader (h5netcdf): /daily's dimensions named by the scales")
        check(list(root.location.values) == names and len(root.day) == pop.shape[0],
              "netCDF reader: coordinates location and day on /")
        check(np.array_equal(root.day.values.astype("datetime64[D]"), dates), "netCDF reader: day decoded by its CF units to the dates")
if pd is None and xr is None:
    sys.exit(77)
sys.exit(1 if failed else 0)
