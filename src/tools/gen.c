/* ms_gen: synthetic Flee-format scenarios of any size, from a seed (docs/generator.md). */
#define _POSIX_C_SOURCE 200809L /* mkdir() */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <Random123/philox.h>
#include "ms_gen.h"
#include "ms_scenario.h"

#define GEN_MAX_LOCATIONS 2000000
#define GEN_MAX_AGENTS    1000000000 /* the readers refuse a count above 1e9 in any series */
#define GEN_MAX_DAYS      32767      /* agent ids keep 15 bits for the day of spawning */
#ifndef GEN_KNN
#  define GEN_KNN \
    8 /* neighbours examined per location for roads (a -D for tests of the joining step) */
#endif
#define GEN_OBS_SPEED  150.0 /* km/day at which the observed arrivals lag the conflicts */
#define GEN_LAT_MID    8.0   /* the map's centre */
#define GEN_LON_MID    20.0
#define KM_PER_DEG_LAT 110.574
#define KM_PER_DEG_LON 111.320
#define GEN_PI         3.14159265358979323846

enum { BAND_ORIGIN = 0, BAND_TRANSIT, BAND_DEST };

/* The purposes of the keyed random draws: each number depends on (seed, purpose, i, j) alone. */
enum {
  P_PLACE = 1,
  P_JITTER,
  P_TYPE,
  P_POP,
  P_ROAD,
  P_EXTRA,
  P_ONSET,
  P_EPISODE,
  P_CLOSE,
  P_OBS0,
  P_OBSG,
  P_NOISE,
  P_CAP,
  P_CORR,
  P_NAME
};

/* What PickDistinct picks (the key of its draws and of a closure's window). */
enum { PICK_BORDER = 1, PICK_LINK, PICK_CAMP, PICK_CORRECTION };

typedef struct {
  double    x, y;     /* km on the map plane, from the south-west corner */
  double    lat, lon; /* degrees, rounded as written */
  int       region, country;
  MSLocType type;
  double    pop; /* population; capacity of a camp */
  int       conflict_date;
} GLoc;

typedef struct {
  int a, b;   /* a < b */
  int km;     /* distance written */
  int forced; /* 0, 1 (redirection at a), 2 (at b) */
} GRoute;

typedef struct {
  int    loc;
  int    onset, end; /* active on onset <= t < end */
  int    change;     /* day the intensity changes to i2 (end when it does not) */
  double i1, i2;
} GZone;

typedef struct {
  MSClosureType type;
  int           a, b; /* country ids for COUNTRY, location indices otherwise */
  int           start, end;
} GClosure;

typedef struct {
  int      loc;
  int64_t  day0, growth; /* observed on day 0; added by the last day */
  int64_t *val;          /* [npts] observed at the grid dates */
  int      corr;         /* grid point of a registration correction, or 0 */
} GCamp;

typedef struct {
  uint64_t M, a, c;
  int      k;
} NameCode;

struct _p_MSGen {
  MPI_Comm  comm;
  PetscBool help;
  /* options */
  char      output[PETSC_MAX_PATH_LEN];
  char      start_date[32];
  PetscInt  regions, lpr, agents, days, seed;
  PetscReal camp_fraction, origin_fraction, destination_fraction, camp_share;
  PetscInt  foreign_countries, zones_per_region, idpcamps_per_region;
  PetscBool hubs;
  PetscReal mean_degree, road_factor, region_km, conflict_spread;
  PetscInt  border_closures, link_closures, camp_closures, corrections, obs_interval, awareness;
  char      mobility[16]; /* "camps", or "high" (ReadMobilityOption()) */
  PetscBool high;
  char      cmdline[1024]; /* the options, as recorded in locations.csv */
  /* layout */
  int     R, Ro, Rt, Rd, nrows, ncols, ncountries;
  double  side; /* km of a region's cell */
  double  lat_south, lon_west, kx;
  int64_t start_day;
  /* built */
  int       nloc;
  GLoc     *loc;
  int       nroutes;
  GRoute   *route;
  int       nzones;
  GZone    *zone;
  int       nclosures;
  GClosure *closure;
  int       ncamps, npts;
  GCamp    *camp;
  int      *pts;   /* [npts] days of the observations */
  int64_t  *total; /* [npts] observed total */
  int64_t   n0;    /* agents in camps on day 0 */
  NameCode  locnames, regnames, cntnames;
  double    t_start, t_setup, t_write;
  PetscBool built;
};

/* ------------------------------------------------------------------ random numbers */

static inline philox4x32_ctr_t Draw(const struct _p_MSGen *g, uint32_t purpose, uint64_t i,
                                    uint32_t j)
{
  philox4x32_ctr_t c = {{(uint32_t)i, (uint32_t)(i >> 32), j, purpose}};
  philox4x32_key_t k = {
      {(uint32_t)g->seed, 0x6d736733u}}; /* "msg3": streams apart from the simulation's */
  return philox4x32(c, k);
}

/* Two 32-bit numbers in one key (of a draw, or of a pair for sorting), ordered by the first. */
static inline uint64_t Pack(uint64_t hi, uint64_t lo) { return (hi << 32) | lo; }

static inline double U01(uint32_t w) { return ((double)w + 0.5) * (1.0 / 4294967296.0); }

static double Unif(const struct _p_MSGen *g, uint32_t purpose, uint64_t i, uint32_t j)
{
  return U01(Draw(g, purpose, i, j).v[0]);
}

static double Normal(const struct _p_MSGen *g, uint32_t purpose, uint64_t i, uint32_t j)
{
  philox4x32_ctr_t r = Draw(g, purpose, i, j);
  return sqrt(-2.0 * log(U01(r.v[0]))) * cos(2.0 * GEN_PI * U01(r.v[1]));
}

/* ------------------------------------------------------------------ names */

static uint64_t Gcd(uint64_t a, uint64_t b)
{
  while (b) {
    uint64_t t = a % b;
    a = b, b = t;
  }
  return a;
}

/* Names of k syllables (consonant, vowel): item i gets the syllables of (a*i + c) mod 70^k, a
   bijection, so names of one kind never repeat. */
static void NameCodeInit(NameCode *nc, uint64_t n, uint64_t salt)
{
  nc->k = 2;
  nc->M = 70 * 70;
  while (nc->M < 4 * n) nc->M *= 70, nc->k++;
  nc->a = 2654435761u % nc->M;
  while (Gcd(nc->a, nc->M) != 1) nc->a++;
  nc->c = salt % nc->M;
}

static void NameOf(const NameCode *nc, uint64_t i, const char *suffix, char buf[32])
{
  static const char cons[] = "bdfgklmnprstvz", vow[] = "aeiou";
  uint64_t          v = (nc->a * i + nc->c) % nc->M;
  int               n = 0;

  for (int j = 0; j < nc->k; j++, v /= 70) {
    buf[n++] = cons[(v % 70) / 5];
    buf[n++] = vow[(v % 70) % 5];
  }
  buf[0] = (char)(buf[0] - 'a' + 'A');
  buf[n] = 0;
  if (suffix) strcat(buf, suffix);
}

static void LocName(const struct _p_MSGen *g, int i, char buf[32])
{
  NameOf(&g->locnames, (uint64_t)i, NULL, buf);
}

static void CountryName(const struct _p_MSGen *g, int c, char buf[32])
{
  NameOf(&g->cntnames, (uint64_t)c, "nia", buf);
}

static void RegionName(const struct _p_MSGen *g, int r, char buf[32])
{
  NameOf(&g->regnames, (uint64_t)r, NULL, buf);
}

/* ------------------------------------------------------------------ options */

PetscErrorCode MSGenCreate(MPI_Comm comm, MSGen *gen)
{
  MSGen g;

  PetscFunctionBegin;
  PetscCall(PetscNew(&g));
  g->comm                 = comm;
  g->regions              = 6;
  g->lpr                  = 12;
  g->agents               = 100000;
  g->days                 = 300;
  g->seed                 = 1;
  g->camp_fraction        = 0.9;
  g->origin_fraction      = 0.4;
  g->destination_fraction = 0.3;
  g->camp_share           = 0.25;
  g->foreign_countries    = 0;
  g->zones_per_region     = 3;
  g->idpcamps_per_region  = 1;
  g->hubs                 = PETSC_TRUE;
  g->mean_degree          = 3.0;
  g->road_factor          = 1.3;
  g->region_km            = 0;
  g->conflict_spread      = 0.5;
  g->border_closures      = 1;
  g->link_closures        = 1;
  g->camp_closures        = 1;
  g->corrections          = 1;
  g->obs_interval         = 7;
  g->awareness            = 1;
  PetscCall(PetscStrncpy(g->start_date, "2030-01-01", sizeof(g->start_date)));
  PetscCall(PetscStrncpy(g->mobility, "camps", sizeof(g->mobility)));
  g->t_start = MPI_Wtime();
  *gen       = g;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A number as printf's %g gives it (PETSc's own %g appends a '.' to whole numbers). */
static const char *Num(double v)
{
  static char buf[4][32];
  static int  k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof(buf[k]), "%g", v);
  return buf[k];
}

#define OptErr(name, ...) \
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "option -" name ": " __VA_ARGS__)

/* The common bounds of an option's value, each one line naming the option (a NaN fails the
   real check). */
static PetscErrorCode CheckIntBetween(const char *opt, PetscInt v, PetscInt lo, PetscInt hi)
{
  PetscFunctionBegin;
  PetscCheck(v >= lo && v <= hi, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -%s: must be between %" PetscInt_FMT " and %" PetscInt_FMT
             ", not %" PetscInt_FMT,
             opt, lo, hi, v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckIntAtLeast(const char *opt, PetscInt v, PetscInt lo)
{
  PetscFunctionBegin;
  PetscCheck(v >= lo, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -%s: must be %" PetscInt_FMT " or more, not %" PetscInt_FMT, opt, lo, v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckRealBetween(const char *opt, PetscReal v, PetscReal lo, PetscReal hi)
{
  PetscFunctionBegin;
  PetscCheck(v >= lo && v <= hi, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -%s: must be between %s and %s, not %s", opt, Num(lo), Num(hi), Num(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckFraction(const char *opt, PetscReal v)
{
  PetscFunctionBegin;
  PetscCheck(v > 0 && v < 1, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "option -%s: must be above 0 and below 1, not %s", opt, Num(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The options come in groups, each read (in the order -help lists them) and then checked
   once all are read, so that -help lists every one and the first bad one is reported.
   The scenario's size: directory, regions, locations, agents, period and seed. */
/* -mobility high: the defaults of the other options (read after it, so that any of them given
   still counts) and the settings for a scenario where most agents are on the move or in towns
   and few camps are reached, late (the benchmark of acting agents, tests/bench/mobility.sh): no
   one in camps on day 0, camps only in a tenth of the regions, in the east, 400 km regions,
   conflicts that spread over the first tenth of the period; simsetting.yml moves agents as
   Flee's validation profile does (WriteSettings()). */
static PetscErrorCode ReadMobilityOption(PetscOptionItems *PetscOptionsObject, MSGen g)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-mobility",
                               "camps (most agents settle in camps) or high (most agents on the "
                               "move or in towns: other defaults change, docs/generator.md)",
                               NULL, g->mobility, g->mobility, sizeof(g->mobility), NULL));
  g->high = (PetscBool)!strcmp(g->mobility, "high");
  if (g->high) {
    g->camp_fraction        = 0;
    g->destination_fraction = 0.1;
    g->camp_share           = 0.1;
    g->region_km            = 400;
    g->conflict_spread      = 0.1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReadSizeOptions(PetscOptionItems *PetscOptionsObject, MSGen g,
                                      PetscBool *have_out, PetscReal *agents)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-output",
                               "scenario directory to write (created; files in it are overwritten)",
                               NULL, g->output, g->output, sizeof(g->output), have_out));
  PetscCall(PetscOptionsInt(
      "-regions", "number of regions R, in bands west to east: origin, transit, destination", NULL,
      g->regions, &g->regions, NULL));
  PetscCall(PetscOptionsInt("-locations_per_region", "locations L in each region (R*L in all)",
                            NULL, g->lpr, &g->lpr, NULL));
  PetscCall(PetscOptionsReal(
      "-agents", "agents N (1e8 allowed): the camps' observed series add up to N on the last day",
      NULL, *agents, agents, NULL));
  PetscCall(PetscOptionsReal(
      "-camp_fraction", "share of the N agents already in camps on day 0 (observed day-0 values)",
      NULL, g->camp_fraction, &g->camp_fraction, NULL));
  PetscCall(PetscOptionsInt("-days", "simulation length (sim_period.csv Length)", NULL, g->days,
                            &g->days, NULL));
  PetscCall(PetscOptionsString("-start_date", "first day, YYYY-MM-DD", NULL, g->start_date,
                               g->start_date, sizeof(g->start_date), NULL));
  PetscCall(PetscOptionsInt("-seed",
                            "seed of every random choice (same options: same files, byte for byte)",
                            NULL, g->seed, &g->seed, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* -agents is read as a real, so that 1e8 is allowed; it becomes g->agents once checked. */
static PetscErrorCode CheckSizeOptions(MSGen g, PetscBool have_out, PetscReal agents)
{
  PetscFunctionBegin;
  if (!have_out || !g->output[0]) OptErr("output", "required: the scenario directory to write");
  PetscCall(CheckIntBetween("regions", g->regions, 2, GEN_MAX_LOCATIONS));
  PetscCall(CheckIntBetween("locations_per_region", g->lpr, 1, GEN_MAX_LOCATIONS));
  if ((double)g->regions * (double)g->lpr > GEN_MAX_LOCATIONS)
    OptErr("locations_per_region",
           "%" PetscInt_FMT " regions of %" PetscInt_FMT " make more than %d locations", g->regions,
           g->lpr, GEN_MAX_LOCATIONS);
  if (!(agents >= 0 && agents <= GEN_MAX_AGENTS && agents == floor(agents)))
    OptErr("agents", "must be a whole number between 0 and %d, not %s", GEN_MAX_AGENTS,
           Num(agents));
  g->agents = (PetscInt)agents;
  PetscCall(CheckRealBetween("camp_fraction", g->camp_fraction, 0, 1));
  PetscCall(CheckIntBetween("days", g->days, 1, GEN_MAX_DAYS));
  if (MSDateParse(g->start_date, &g->start_day))
    OptErr("start_date", "'%s' is not a date YYYY-MM-DD", g->start_date);
  PetscCall(CheckIntAtLeast("seed", g->seed, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the bands of regions hold: their shares, countries, conflict zones and camps. */
static PetscErrorCode ReadBandOptions(PetscOptionItems *PetscOptionsObject, MSGen g)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal("-origin_fraction",
                             "share of the regions in the origin band (conflict zones)", NULL,
                             g->origin_fraction, &g->origin_fraction, NULL));
  PetscCall(
      PetscOptionsReal("-destination_fraction",
                       "share of the regions in the destination band (camps, foreign countries)",
                       NULL, g->destination_fraction, &g->destination_fraction, NULL));
  PetscCall(PetscOptionsInt(
      "-foreign_countries",
      "countries of the destination band (0: about one per four regions, at least 2)", NULL,
      g->foreign_countries, &g->foreign_countries, NULL));
  PetscCall(PetscOptionsInt("-conflict_zones_per_region",
                            "conflict zones in each origin region (at most L)", NULL,
                            g->zones_per_region, &g->zones_per_region, NULL));
  PetscCall(PetscOptionsReal(
      "-camp_share", "share of a destination region's locations that are camps (at least one)",
      NULL, g->camp_share, &g->camp_share, NULL));
  PetscCall(PetscOptionsInt("-idpcamps_per_region",
                            "IDP camps in each transit region (at most L-1)", NULL,
                            g->idpcamps_per_region, &g->idpcamps_per_region, NULL));
  PetscCall(PetscOptionsBool(
      "-forwarding_hubs",
      "a forwarding hub in each destination region, redirecting to its nearest camp", NULL, g->hubs,
      &g->hubs, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckBandOptions(MSGen g)
{
  PetscFunctionBegin;
  PetscCall(CheckFraction("origin_fraction", g->origin_fraction));
  PetscCall(CheckFraction("destination_fraction", g->destination_fraction));
  if (g->origin_fraction + g->destination_fraction > 1)
    OptErr("destination_fraction", "%s with -origin_fraction %s leaves less than no transit band",
           Num(g->destination_fraction), Num(g->origin_fraction));
  if (g->foreign_countries < 0)
    OptErr("foreign_countries", "must be 0 (automatic) or more, not %" PetscInt_FMT,
           g->foreign_countries);
  PetscCall(CheckIntAtLeast("conflict_zones_per_region", g->zones_per_region, 1));
  if (!(g->camp_share > 0 && g->camp_share <= 1))
    OptErr("camp_share", "must be above 0 and at most 1, not %s", Num(g->camp_share));
  PetscCall(CheckIntAtLeast("idpcamps_per_region", g->idpcamps_per_region, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The map and its roads. */
static PetscErrorCode ReadMapOptions(PetscOptionItems *PetscOptionsObject, MSGen g)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal(
      "-mean_degree", "mean number of roads per location (the planar Gabriel graph caps it near 4)",
      NULL, g->mean_degree, &g->mean_degree, NULL));
  PetscCall(PetscOptionsReal("-road_factor",
                             "road km per straight-line km (each road varies by +-10%)", NULL,
                             g->road_factor, &g->road_factor, NULL));
  PetscCall(PetscOptionsReal("-region_km",
                             "side of a region's square cell in km (0: 250 km, less where the map "
                             "would exceed 8000x4000 km)",
                             NULL, g->region_km, &g->region_km, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckMapOptions(MSGen g)
{
  PetscFunctionBegin;
  PetscCall(CheckRealBetween("mean_degree", g->mean_degree, 2, 6));
  PetscCall(CheckRealBetween("road_factor", g->road_factor, 1, 5));
  if (!(g->region_km == 0 || (g->region_km >= 1 && g->region_km <= 5000)))
    OptErr("region_km", "must be 0 (automatic) or between 1 and 5000, not %s", Num(g->region_km));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The events: the spread of the conflicts and the closures of borders, roads and camps. */
static PetscErrorCode ReadEventOptions(PetscOptionItems *PetscOptionsObject, MSGen g)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal(
      "-conflict_spread", "share of the period over which conflict onsets spread from west to east",
      NULL, g->conflict_spread, &g->conflict_spread, NULL));
  PetscCall(PetscOptionsInt(
      "-border_closures", "foreign countries whose border with the home country closes for a while",
      NULL, g->border_closures, &g->border_closures, NULL));
  PetscCall(PetscOptionsInt("-link_closures", "cross-border roads that close for a while", NULL,
                            g->link_closures, &g->link_closures, NULL));
  PetscCall(PetscOptionsInt("-camp_closures", "camps that take no newcomers for a while", NULL,
                            g->camp_closures, &g->camp_closures, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckEventOptions(MSGen g)
{
  PetscFunctionBegin;
  PetscCall(CheckRealBetween("conflict_spread", g->conflict_spread, 0, 1));
  PetscCall(CheckIntAtLeast("border_closures", g->border_closures, 0));
  PetscCall(CheckIntAtLeast("link_closures", g->link_closures, 0));
  PetscCall(CheckIntAtLeast("camp_closures", g->camp_closures, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What is written beside the events: the observed series and simsetting.yml. */
static PetscErrorCode ReadDataOptions(PetscOptionItems *PetscOptionsObject, MSGen g)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsInt("-registration_corrections",
                            "camps whose early counts used another registration method", NULL,
                            g->corrections, &g->corrections, NULL));
  PetscCall(PetscOptionsInt("-obs_interval", "days between observations in the camp series", NULL,
                            g->obs_interval, &g->obs_interval, NULL));
  PetscCall(PetscOptionsInt("-awareness_level",
                            "move_rules.awareness_level written to simsetting.yml", NULL,
                            g->awareness, &g->awareness, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckDataOptions(MSGen g)
{
  PetscFunctionBegin;
  PetscCall(CheckIntAtLeast("registration_corrections", g->corrections, 0));
  PetscCall(CheckIntAtLeast("obs_interval", g->obs_interval, 1));
  PetscCall(CheckIntBetween("awareness_level", g->awareness, 0, 4));
  if (!g->high && strcmp(g->mobility, "camps"))
    OptErr("mobility", "must be camps or high, not '%s'", g->mobility);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The bands (at least one origin and one destination region) and the map: the grid of
   region cells, centred on GEN_LAT_MID, GEN_LON_MID, which must stay on the globe. */
static PetscErrorCode SetLayout(MSGen g)
{
  PetscFunctionBegin;
  g->R  = (int)g->regions;
  g->Ro = (int)PetscMax(1, floor(g->R * g->origin_fraction + 0.5));
  g->Rd = (int)PetscMax(1, floor(g->R * g->destination_fraction + 0.5));
  while (g->Ro + g->Rd > g->R) {
    if (g->Ro >= g->Rd)
      g->Ro--;
    else
      g->Rd--;
  }
  g->Rt    = g->R - g->Ro - g->Rd;
  g->nrows = (int)PetscMax(1, floor(sqrt(g->R / 2.0)));
  g->ncols = (g->R + g->nrows - 1) / g->nrows;
  g->side  = g->region_km > 0 ? g->region_km
                              : PetscMin(250.0, PetscMin(8000.0 / g->ncols, 4000.0 / g->nrows));
  if (g->nrows * g->side / 2 / KM_PER_DEG_LAT + fabs(GEN_LAT_MID) > 80)
    OptErr("region_km", "%s km regions in %d rows span more than 144 degrees of latitude",
           Num(g->side), g->nrows);
  g->kx        = KM_PER_DEG_LON * cos(GEN_LAT_MID * GEN_PI / 180);
  g->lat_south = GEN_LAT_MID - g->nrows * g->side / 2 / KM_PER_DEG_LAT;
  g->lon_west  = GEN_LON_MID - g->ncols * g->side / 2 / g->kx;
  if (g->ncols * g->side / g->kx > 350)
    OptErr("region_km", "%s km regions in %d columns span more than 350 degrees of longitude",
           Num(g->side), g->ncols);
  g->ncountries = 1 + (g->foreign_countries > 0 ? (int)PetscMin(g->foreign_countries, g->Rd)
                                                : PetscMin(g->Rd, PetscMax(2, (g->Rd + 2) / 4)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The options in full, as the header of locations.csv records them. */
static PetscErrorCode RecordOptions(MSGen g)
{
  int n;

  PetscFunctionBegin;
  n = snprintf(
      g->cmdline, sizeof(g->cmdline),
      "-regions %d -locations_per_region %d -agents %d -camp_fraction %g -days %d -start_date %s "
      "-seed %d -origin_fraction %g -destination_fraction %g -foreign_countries %d "
      "-conflict_zones_per_region %d -camp_share %g -idpcamps_per_region %d -forwarding_hubs %d "
      "-mean_degree %g -road_factor %g -region_km %g -conflict_spread %g "
      "-border_closures %d -link_closures %d -camp_closures %d -registration_corrections %d "
      "-obs_interval %d -awareness_level %d",
      (int)g->regions, (int)g->lpr, (int)g->agents, (double)g->camp_fraction, (int)g->days,
      g->start_date, (int)g->seed, (double)g->origin_fraction, (double)g->destination_fraction,
      (int)g->foreign_countries, (int)g->zones_per_region, (double)g->camp_share,
      (int)g->idpcamps_per_region, (int)g->hubs, (double)g->mean_degree, (double)g->road_factor,
      (double)g->region_km, (double)g->conflict_spread, (int)g->border_closures,
      (int)g->link_closures, (int)g->camp_closures, (int)g->corrections, (int)g->obs_interval,
      (int)g->awareness);
  /* written only when high: the files of the default stay byte for byte as they were */
  if (n > 0 && n < (int)sizeof(g->cmdline) && g->high)
    n += snprintf(g->cmdline + n, sizeof(g->cmdline) - (size_t)n, " -mobility high");
  PetscCheck(n > 0 && n < (int)sizeof(g->cmdline), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "options record too long");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGenSetFromOptions(MSGen g)
{
  PetscBool have_out = PETSC_FALSE;
  PetscReal agents   = (PetscReal)g->agents;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &g->help));
  PetscOptionsBegin(g->comm, NULL, "migrasim-gen options (docs/generator.md)", NULL);
  PetscCall(ReadMobilityOption(PetscOptionsObject, g));
  PetscCall(ReadSizeOptions(PetscOptionsObject, g, &have_out, &agents));
  PetscCall(ReadBandOptions(PetscOptionsObject, g));
  PetscCall(ReadMapOptions(PetscOptionsObject, g));
  PetscCall(ReadEventOptions(PetscOptionsObject, g));
  PetscCall(ReadDataOptions(PetscOptionsObject, g));
  PetscOptionsEnd();
  if (g->help) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckSizeOptions(g, have_out, agents));
  PetscCall(CheckBandOptions(g));
  PetscCall(CheckMapOptions(g));
  PetscCall(CheckEventOptions(g));
  PetscCall(CheckDataOptions(g));
  PetscCall(SetLayout(g));
  PetscCall(RecordOptions(g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGenHelpOnly(MSGen g, PetscBool *help)
{
  PetscFunctionBegin;
  *help = g->help;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ locations */

static int Band(const struct _p_MSGen *g, int r)
{
  return r < g->Ro ? BAND_ORIGIN : r < g->Ro + g->Rt ? BAND_TRANSIT : BAND_DEST;
}

/* The bit of a location type in a set of types (LocationsOfType). */
static unsigned TypeBit(MSLocType t) { return 1u << t; }

/* The indices of the locations whose type is in the set types (of TypeBit), ascending. The
   caller frees *idx. */
static PetscErrorCode LocationsOfType(MSGen g, unsigned types, int *n, int **idx)
{
  PetscFunctionBegin;
  *n = 0;
  for (int i = 0; i < g->nloc; i++) *n += (types & TypeBit(g->loc[i].type)) != 0;
  PetscCall(PetscMalloc1(PetscMax(*n, 1), idx));
  for (int i = 0, k = 0; i < g->nloc; i++)
    if (types & TypeBit(g->loc[i].type)) (*idx)[k++] = i;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static double Clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Put in a[0, m) the first m of a random order of a[0, n) (partial Fisher-Yates), the draws
   keyed on (purpose, i). */
static void PartialShuffle(MSGen g, uint32_t purpose, uint64_t i, int *a, int n, int m)
{
  for (int j = 0; j < m; j++) {
    int k = j + (int)(Unif(g, purpose, i, (uint32_t)j) * (n - j)), t;
    if (k >= n) k = n - 1;
    t = a[j], a[j] = a[k], a[k] = t;
  }
}

/* Place the L locations of region r in its cell, one in each of L randomly chosen sub-cells
   of an S x S grid (jittered, so no two coincide), as towns with their populations. cells:
   room for S*S. */
static void PlaceRegion(MSGen g, int r, int S, int *cells)
{
  int    L = (int)g->lpr, col = r / g->nrows, row = r % g->nrows, country = 0;
  double sub = g->side / S;

  if (Band(g, r) == BAND_DEST)
    country = 1 + (int)(((int64_t)(r - g->Ro - g->Rt) * (g->ncountries - 1)) / g->Rd);
  for (int k = 0; k < S * S; k++) cells[k] = k;
  PartialShuffle(g, P_PLACE, (uint64_t)r, cells, S * S, L);
  for (int j = 0; j < L; j++) {
    GLoc            *l = &g->loc[r * L + j];
    philox4x32_ctr_t w = Draw(g, P_JITTER, (uint64_t)(r * L + j), 0);
    l->x               = col * g->side + ((cells[j] % S) + 0.1 + 0.8 * U01(w.v[0])) * sub;
    l->y               = row * g->side + ((cells[j] / S) + 0.1 + 0.8 * U01(w.v[1])) * sub;
    l->lat             = round((g->lat_south + l->y / KM_PER_DEG_LAT) * 1e4) / 1e4;
    l->lon             = round((g->lon_west + l->x / g->kx) * 1e4) / 1e4;
    l->region          = r;
    l->country         = country;
    l->type            = MS_LOC_TOWN;
    l->conflict_date   = -1;
    l->pop = round(Clamp(20000.0 * exp(Normal(g, P_POP, (uint64_t)(r * L + j), 0)), 500, 2e7));
  }
}

/* The special locations of region r, a random choice among its L: conflict zones in the
   origin band, IDP camps in the transit band, camps and a forwarding hub in the destination
   band. perm: room for L. */
static void ChooseSpecial(MSGen g, int r, int *perm)
{
  int L = (int)g->lpr, band = Band(g, r), nspecial[2] = {0, 0};

  for (int j = 0; j < L; j++) perm[j] = j;
  PartialShuffle(g, P_TYPE, (uint64_t)r, perm, L, L);
  if (band == BAND_ORIGIN)
    nspecial[0] = (int)PetscMin(g->zones_per_region, L);
  else if (band == BAND_TRANSIT)
    nspecial[0] = L > 1 ? (int)PetscMin(g->idpcamps_per_region, L - 1) : 0;
  else {
    nspecial[0] = (int)PetscMin(L, PetscMax(1, floor(L * g->camp_share + 0.5)));
    nspecial[1] = g->hubs && L - nspecial[0] >= 2 ? 1 : 0;
  }
  for (int j = 0; j < nspecial[0] + nspecial[1]; j++) {
    GLoc *l = &g->loc[r * L + perm[j]];
    if (band == BAND_ORIGIN)
      l->type = MS_LOC_CONFLICT;
    else if (band == BAND_TRANSIT)
      l->type = MS_LOC_IDPCAMP;
    else
      l->type = j < nspecial[0] ? MS_LOC_CAMP : MS_LOC_HUB;
    if (l->type == MS_LOC_HUB) l->pop = 0;
  }
}

/* The locations of every region: placed, then the special ones chosen. */
static PetscErrorCode PlaceLocations(MSGen g)
{
  int L = (int)g->lpr, S = (int)ceil(sqrt((double)L)), *cells, *perm;

  PetscFunctionBegin;
  while (S * S < L) S++;
  g->nloc = g->R * L;
  PetscCall(PetscCalloc1(g->nloc, &g->loc));
  PetscCall(PetscMalloc1(S * S, &cells));
  PetscCall(PetscMalloc1(L, &perm));
  for (int r = 0; r < g->R; r++) {
    PlaceRegion(g, r, S, cells);
    ChooseSpecial(g, r, perm);
  }
  PetscCall(PetscFree(cells));
  PetscCall(PetscFree(perm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ road graph */

/* Points bucketed in square cells of side h: the neighbour searches look at a few cells. */
typedef struct {
  double h;
  int    nx, ny;
  int   *start; /* [nx*ny+1] */
  int   *pt;    /* [n] point indices, by cell */
} Grid;

static int CellX(const Grid *G, double x) { return (int)Clamp(floor(x / G->h), 0, G->nx - 1); }
static int CellY(const Grid *G, double y) { return (int)Clamp(floor(y / G->h), 0, G->ny - 1); }

static PetscErrorCode GridBuild(const GLoc *loc, int n, double W, double H, Grid *G)
{
  int *cnt;

  PetscFunctionBegin;
  G->h  = PetscMax(sqrt(2.0 * W * H / n), 1e-3);
  G->nx = (int)PetscMin(PetscMax(1, ceil(W / G->h)), 1 << 14);
  G->ny = (int)PetscMin(PetscMax(1, ceil(H / G->h)), 1 << 14);
  G->h  = PetscMax(W / G->nx, H / G->ny);
  PetscCall(PetscCalloc1((size_t)G->nx * G->ny + 1, &G->start));
  PetscCall(PetscMalloc1(n, &G->pt));
  PetscCall(PetscCalloc1((size_t)G->nx * G->ny, &cnt));
  for (int i = 0; i < n; i++) G->start[CellY(G, loc[i].y) * G->nx + CellX(G, loc[i].x) + 1]++;
  for (int c = 0; c < G->nx * G->ny; c++) G->start[c + 1] += G->start[c];
  for (int i = 0; i < n; i++) {
    int c                         = CellY(G, loc[i].y) * G->nx + CellX(G, loc[i].x);
    G->pt[G->start[c] + cnt[c]++] = i;
  }
  PetscCall(PetscFree(cnt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode GridDestroy(Grid *G)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(G->start));
  PetscCall(PetscFree(G->pt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static double Dist2(const GLoc *p, const GLoc *q)
{
  return (p->x - q->x) * (p->x - q->x) + (p->y - q->y) * (p->y - q->y);
}

/* The up to k nearest neighbours of u (and, with comp, only those in another component):
   rings of cells around u's until no unseen cell can hold a nearer point. */
static int Nearest(const Grid *G, const GLoc *loc, int u, int k, const int *comp, int *nb,
                   double *nd)
{
  int cx = CellX(G, loc[u].x), cy = CellY(G, loc[u].y), m = 0, rmax = PetscMax(G->nx, G->ny);

  for (int r = 0; r <= rmax; r++) {
    if (m == k && r >= 1 && nd[k - 1] <= ((r - 1) * G->h) * ((r - 1) * G->h)) break;
    for (int y = cy - r; y <= cy + r; y++) {
      if (y < 0 || y >= G->ny) continue;
      for (int x = cx - r; x <= cx + r; x++) {
        if (x < 0 || x >= G->nx) continue;
        if (y != cy - r && y != cy + r && x != cx - r && x != cx + r) continue; /* the ring only */
        for (int p = G->start[y * G->nx + x]; p < G->start[y * G->nx + x + 1]; p++) {
          int    v = G->pt[p], i;
          double d;
          if (v == u || (comp && comp[v] == comp[u])) continue;
          d = Dist2(&loc[u], &loc[v]);
          if (m == k && (d > nd[k - 1] || (d == nd[k - 1] && v > nb[k - 1]))) continue;
          i = m < k ? m++ : k - 1;
          while (i > 0 && (nd[i - 1] > d || (nd[i - 1] == d && nb[i - 1] > v))) {
            nd[i] = nd[i - 1], nb[i] = nb[i - 1];
            i--;
          }
          nd[i] = d, nb[i] = v;
        }
      }
    }
  }
  return m;
}

/* Gabriel condition: no other location lies inside the circle whose diameter is u-v. */
static PetscBool Gabriel(const Grid *G, const GLoc *loc, int u, int v)
{
  double mx = 0.5 * (loc[u].x + loc[v].x), my = 0.5 * (loc[u].y + loc[v].y),
         r2 = 0.25 * Dist2(&loc[u], &loc[v]), r = sqrt(r2);
  int x0 = CellX(G, mx - r), x1 = CellX(G, mx + r), y0 = CellY(G, my - r), y1 = CellY(G, my + r);

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      for (int p = G->start[y * G->nx + x]; p < G->start[y * G->nx + x + 1]; p++) {
        int    w = G->pt[p];
        double d;
        if (w == u || w == v) continue;
        d = (loc[w].x - mx) * (loc[w].x - mx) + (loc[w].y - my) * (loc[w].y - my);
        if (d < r2 * (1 - 1e-12)) return PETSC_FALSE;
      }
  return PETSC_TRUE;
}

typedef struct {
  int    a, b;
  double key;
} Edge;

static int EdgeCmp(const void *x, const void *y)
{
  const Edge *p = x, *q = y;
  if (p->key != q->key) return p->key < q->key ? -1 : 1;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

static int U64Cmp(const void *x, const void *y)
{
  uint64_t p = *(const uint64_t *)x, q = *(const uint64_t *)y;
  return (p > q) - (p < q);
}

static int RouteCmp(const void *x, const void *y)
{
  const GRoute *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

static int Find(int *parent, int x)
{
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x         = parent[x];
  }
  return x;
}

static PetscBool Union(int *parent, int *size, int a, int b)
{
  a = Find(parent, a), b = Find(parent, b);
  if (a == b) return PETSC_FALSE;
  if (size[a] < size[b] || (size[a] == size[b] && a > b)) {
    int t = a;
    a = b, b = t;
  }
  parent[b] = a;
  size[a] += size[b];
  return PETSC_TRUE;
}

static double HaversineKm(const GLoc *p, const GLoc *q)
{
  double f1 = p->lat * GEN_PI / 180, f2 = q->lat * GEN_PI / 180, df = f2 - f1,
         dl = (q->lon - p->lon) * GEN_PI / 180;
  double h  = sin(df / 2) * sin(df / 2) + cos(f1) * cos(f2) * sin(dl / 2) * sin(dl / 2);
  return 2 * 6371.0 * asin(PetscMin(1.0, sqrt(h)));
}

/* Add the road a-b (a < b) to the routes, whose room the caller has made. */
static void AddRoute(MSGen g, int a, int b)
{
  g->route[g->nroutes].a   = a;
  g->route[g->nroutes++].b = b;
}

/* The Gabriel edges among each location's k nearest neighbours (in one piece but rarely:
   see JoinPieces), shortest first. The caller frees *gab. */
static PetscErrorCode GabrielEdges(MSGen g, const Grid *G, int k, Edge **gab, int *ngab)
{
  int       n = g->nloc, ncand = 0, *nb;
  double   *nd;
  uint64_t *cand;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(k + 1, &nb));
  PetscCall(PetscMalloc1(k + 1, &nd));
  PetscCall(PetscMalloc1((size_t)n * k, &cand));
  for (int u = 0; u < n; u++) {
    int m = Nearest(G, g->loc, u, k, NULL, nb, nd);
    for (int j = 0; j < m; j++) cand[ncand++] = Pack(PetscMin(u, nb[j]), PetscMax(u, nb[j]));
  }
  qsort(cand, (size_t)ncand, sizeof(uint64_t), U64Cmp);
  PetscCall(PetscMalloc1(ncand, gab));
  *ngab = 0;
  for (int i = 0; i < ncand; i++) {
    int a = (int)(cand[i] >> 32), b = (int)(cand[i] & 0xffffffffu);
    if (i && cand[i] == cand[i - 1]) continue;
    if (!Gabriel(G, g->loc, a, b)) continue;
    (*gab)[*ngab].a       = a;
    (*gab)[*ngab].b       = b;
    (*gab)[(*ngab)++].key = sqrt(Dist2(&g->loc[a], &g->loc[b]));
  }
  qsort(*gab, (size_t)*ngab, sizeof(Edge), EdgeCmp);
  PetscCall(PetscFree(cand));
  PetscCall(PetscFree(nb));
  PetscCall(PetscFree(nd));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Kruskal: the minimum spanning forest of the edges (shortest first) as routes, its edges
   marked in used; parent and size hold its pieces. */
static void SpanningForest(MSGen g, const Edge *e, int ne, int *parent, int *size, char *used)
{
  for (int i = 0; i < g->nloc; i++) parent[i] = i, size[i] = 1;
  for (int i = 0; i < ne; i++)
    if (Union(parent, size, e[i].a, e[i].b)) {
      used[i] = 1;
      AddRoute(g, e[i].a, e[i].b);
    }
}

/* Rarely, the Gabriel edges among k nearest neighbours leave the graph in pieces: join
   each piece but the largest to its nearest location outside it, until one remains. */
static PetscErrorCode JoinPieces(MSGen g, const Grid *G, int *parent, int *size)
{
  int n = g->nloc;

  PetscFunctionBegin;
  while (g->nroutes < n - 1) {
    int    *comp, root = Find(parent, 0), *best;
    double *bestd;
    PetscCall(PetscMalloc1(n, &comp));
    PetscCall(PetscMalloc1(2 * n, &best));
    PetscCall(PetscMalloc1(n, &bestd));
    for (int i = 0; i < n; i++) {
      comp[i]  = Find(parent, i);
      bestd[i] = -1;
      if (size[comp[i]] > size[root] || (size[comp[i]] == size[root] && comp[i] < root))
        root = comp[i];
    }
    for (int u = 0; u < n; u++) {
      int    v = -1;
      double d = 0;
      if (comp[u] == root) continue;
      if (!Nearest(G, g->loc, u, 1, comp, &v, &d)) continue;
      if (bestd[comp[u]] < 0 || d < bestd[comp[u]])
        bestd[comp[u]] = d, best[2 * comp[u]] = u, best[2 * comp[u] + 1] = v;
    }
    for (int c = 0; c < n; c++) {
      int a, b;
      if (bestd[c] < 0) continue;
      a = PetscMin(best[2 * c], best[2 * c + 1]), b = PetscMax(best[2 * c], best[2 * c + 1]);
      if (Union(parent, size, a, b)) AddRoute(g, a, b);
    }
    PetscCall(PetscFree(comp));
    PetscCall(PetscFree(best));
    PetscCall(PetscFree(bestd));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The shortest of the unused edges, lengths perturbed by +-20%, until there are target
   routes. */
static PetscErrorCode AddShortcuts(MSGen g, const Edge *gab, int ngab, const char *used, int target)
{
  int   ne = 0;
  Edge *extra;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(PetscMax(ngab, 1), &extra));
  for (int i = 0; i < ngab; i++)
    if (!used[i]) {
      extra[ne]     = gab[i];
      extra[ne].key = gab[i].key * (0.8 + 0.4 * Unif(g, P_EXTRA, Pack(gab[i].a, gab[i].b), 0));
      ne++;
    }
  qsort(extra, (size_t)ne, sizeof(Edge), EdgeCmp);
  for (int i = 0; i < ne && g->nroutes < target; i++) AddRoute(g, extra[i].a, extra[i].b);
  PetscCall(PetscFree(extra));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The routes in file order, without repeats (none expected: a joining edge joins pieces,
   which no unused Gabriel edge does). */
static void SortRoutes(MSGen g)
{
  int m = 0;

  qsort(g->route, (size_t)g->nroutes, sizeof(GRoute), RouteCmp);
  for (int i = 0; i < g->nroutes; i++)
    if (!m || g->route[i].a != g->route[m - 1].a || g->route[i].b != g->route[m - 1].b)
      g->route[m++] = g->route[i];
  g->nroutes = m;
}

/* A road's km: the great-circle distance times -road_factor, +-10% a road. */
static void RoadLengths(MSGen g)
{
  for (int i = 0; i < g->nroutes; i++) {
    GRoute *e = &g->route[i];
    double  f = g->road_factor * (0.9 + 0.2 * Unif(g, P_ROAD, Pack(e->a, e->b), 0));
    e->km     = (int)PetscMax(1, floor(HaversineKm(&g->loc[e->a], &g->loc[e->b]) * f + 0.5));
    e->forced = 0;
  }
}

/* Roads: the Euclidean minimum spanning tree (connected, inside the Gabriel graph), then the
   shortest remaining Gabriel edges, lengths perturbed a little, up to the mean degree. Every
   edge is a Gabriel edge, so no two roads cross. */
static PetscErrorCode BuildRoads(MSGen g)
{
  int   n      = g->nloc, *parent, *size, ngab;
  int   target = (int)PetscMax(n - 1, floor(n * g->mean_degree / 2 + 0.5)); /* routes */
  Edge *gab;
  char *used;
  Grid  G;

  PetscFunctionBegin;
  /* room for the tree's n-1 routes, then for those up to the target */
  PetscCall(PetscCalloc1(PetscMax(n, (int)(n * g->mean_degree / 2 + 2)), &g->route));
  if (n < 2) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(GridBuild(g->loc, n, g->ncols * g->side, g->nrows * g->side, &G));
  PetscCall(GabrielEdges(g, &G, PetscMin(GEN_KNN, n - 1), &gab, &ngab));
  PetscCall(PetscMalloc1(n, &parent));
  PetscCall(PetscMalloc1(n, &size));
  PetscCall(PetscCalloc1(ngab, &used));
  SpanningForest(g, gab, ngab, parent, size, used);
  PetscCall(JoinPieces(g, &G, parent, size));
  PetscCall(AddShortcuts(g, gab, ngab, used, target));
  SortRoutes(g);
  RoadLengths(g);
  PetscCall(PetscFree(gab));
  PetscCall(PetscFree(used));
  PetscCall(PetscFree(parent));
  PetscCall(PetscFree(size));
  PetscCall(GridDestroy(&G));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A forwarding hub sends everyone on to its nearest neighbouring camp, where it has one. */
static PetscErrorCode Redirections(MSGen g)
{
  int *best;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(g->nloc, &best));
  for (int i = 0; i < g->nloc; i++) best[i] = -1;
  for (int r = 0; r < g->nroutes; r++) {
    const GRoute *e = &g->route[r];
    for (int s = 0; s < 2; s++) {
      int h = s ? e->b : e->a, c = s ? e->a : e->b;
      if (g->loc[h].type != MS_LOC_HUB || g->loc[c].type != MS_LOC_CAMP) continue;
      if (best[h] < 0 || e->km < g->route[best[h]].km) best[h] = r;
    }
  }
  for (int i = 0; i < g->nloc; i++)
    if (best[i] >= 0) g->route[best[i]].forced = g->route[best[i]].a == i ? 1 : 2;
  PetscCall(PetscFree(best));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ conflicts */

static double Intensity(const GZone *z, int t)
{
  if (t < z->onset || t >= z->end) return 0;
  return t < z->change ? z->i1 : z->i2;
}

static double PickIntensity(double u)
{
  return u < 0.55 ? 1.0 : u < 0.75 ? 0.5 : u < 0.9 ? 0.75 : 0.25;
}

/* Conflicts begin at the first zone on day 0 and spread with distance from it over
   -conflict_spread of the period; some end, some change intensity. The first never ends,
   so every day has a zone to spawn in. */
static PetscErrorCode BuildConflicts(MSGen g)
{
  int    D    = (int)g->days, *locs;
  double dmax = 0;

  PetscFunctionBegin;
  PetscCall(LocationsOfType(g, TypeBit(MS_LOC_CONFLICT), &g->nzones, &locs));
  PetscCall(PetscCalloc1(PetscMax(g->nzones, 1), &g->zone));
  for (int z = 0; z < g->nzones; z++) g->zone[z].loc = locs[z];
  PetscCall(PetscFree(locs));
  for (int z = 1; z < g->nzones; z++)
    dmax = PetscMax(dmax, sqrt(Dist2(&g->loc[g->zone[0].loc], &g->loc[g->zone[z].loc])));
  for (int z = 0; z < g->nzones; z++) {
    GZone           *Z = &g->zone[z];
    philox4x32_ctr_t w = Draw(g, P_EPISODE, (uint64_t)z, 0);
    double           d = sqrt(Dist2(&g->loc[g->zone[0].loc], &g->loc[Z->loc]));

    Z->onset  = z ? (int)Clamp(floor(g->conflict_spread * (D - 1) * (dmax > 0 ? d / dmax : 0) +
                                     (Unif(g, P_ONSET, (uint64_t)z, 0) - 0.5) * 0.1 * D + 0.5),
                               0, D - 1)
                  : 0;
    Z->end    = D;
    Z->i1     = z ? PickIntensity(U01(w.v[0])) : 1.0;
    Z->change = D;
    Z->i2     = Z->i1;
    if (z && U01(w.v[1]) < 0.25)
      Z->end = (int)PetscMin(D, Z->onset + PetscMax(1, floor((0.2 + 0.4 * U01(w.v[2])) * D)));
    if (U01(w.v[3]) < 0.2) {
      philox4x32_ctr_t w2 = Draw(g, P_EPISODE, (uint64_t)z, 1);
      Z->change           = Z->onset + (int)floor((Z->end - Z->onset) * (0.3 + 0.4 * U01(w2.v[0])));
      Z->i2               = PickIntensity(U01(w2.v[1]));
      if (Z->change <= Z->onset) Z->change = D;
    }
    g->loc[Z->loc].conflict_date = Z->onset;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ closures */

/* Close a country's border, a road or a camp (type; a and b as in GClosure) for a while: a
   window starting in the first 60% of the period, 10-30% of it long, keyed on (kind, j). */
static void AddClosure(MSGen g, MSClosureType type, int a, int b, uint64_t kind, int j)
{
  GClosure        *c = &g->closure[g->nclosures++];
  philox4x32_ctr_t w = Draw(g, P_CLOSE, Pack(kind, (uint64_t)j), 1);
  int              D = (int)g->days;

  c->type  = type;
  c->a     = a;
  c->b     = b;
  c->start = (int)floor(U01(w.v[0]) * 0.6 * D);
  c->end   = c->start + (int)PetscMax(1, floor((0.1 + 0.2 * U01(w.v[1])) * D));
}

static PetscBool CrossesBorder(MSGen g, int r)
{
  return (PetscBool)(g->loc[g->route[r].a].country != g->loc[g->route[r].b].country);
}

/* Pick up to want distinct items of [0, n) (Floyd-like probing, keyed), in increasing order. */
static PetscErrorCode PickDistinct(MSGen g, uint64_t salt, int n, int want, int *count, int **out)
{
  char *taken;
  int   m = 0;

  PetscFunctionBegin;
  want = PetscMin(want, n);
  PetscCall(PetscMalloc1(PetscMax(want, 1), out));
  PetscCall(PetscCalloc1(PetscMax(n, 1), &taken));
  for (int j = 0; j < want; j++) {
    int k = (int)(Unif(g, P_CLOSE, salt, (uint32_t)j) * n);
    if (k >= n) k = n - 1;
    while (taken[k]) k = (k + 1) % n;
    taken[k] = 1;
  }
  for (int k = 0; k < n; k++)
    if (taken[k]) (*out)[m++] = k;
  *count = m;
  PetscCall(PetscFree(taken));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Closures of borders, roads and camps, each for a while, of as many as the options ask. */
static PetscErrorCode BuildClosures(MSGen g)
{
  int m, *pick, nb = 0, nc = 0, *idx, ncamps, *camps;
  int nmax = (int)(PetscMin(g->border_closures, g->ncountries) +
                   PetscMin(g->link_closures, g->nroutes) + PetscMin(g->camp_closures, g->nloc));

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(PetscMax(nmax, 1), &g->closure));
  g->nclosures = 0;
  /* borders of foreign countries with the home country */
  PetscCall(PickDistinct(g, PICK_BORDER, g->ncountries - 1, (int)g->border_closures, &m, &pick));
  for (int j = 0; j < m; j++) AddClosure(g, MS_CLOSE_COUNTRY, 0, 1 + pick[j], PICK_BORDER, j);
  PetscCall(PetscFree(pick));
  /* cross-border roads (any road where there are none) */
  for (int r = 0; r < g->nroutes; r++) nb += CrossesBorder(g, r);
  PetscCall(PetscMalloc1(PetscMax(g->nroutes, 1), &idx));
  for (int r = 0; r < g->nroutes; r++)
    if (!nb || CrossesBorder(g, r)) idx[nc++] = r;
  PetscCall(PickDistinct(g, PICK_LINK, nc, (int)g->link_closures, &m, &pick));
  for (int j = 0; j < m; j++)
    AddClosure(g, MS_CLOSE_LINK, g->route[idx[pick[j]]].a, g->route[idx[pick[j]]].b, PICK_LINK, j);
  PetscCall(PetscFree(pick));
  PetscCall(PetscFree(idx));
  /* camps (not IDP camps) that take no newcomers */
  PetscCall(LocationsOfType(g, TypeBit(MS_LOC_CAMP), &ncamps, &camps));
  PetscCall(PickDistinct(g, PICK_CAMP, ncamps, (int)g->camp_closures, &m, &pick));
  for (int j = 0; j < m; j++) AddClosure(g, MS_CLOSE_CAMP, camps[pick[j]], -1, PICK_CAMP, j);
  PetscCall(PetscFree(pick));
  PetscCall(PetscFree(camps));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ observed series */

typedef struct {
  double frac;
  int    i;
} Rem;

static int RemCmp(const void *x, const void *y)
{
  const Rem *p = x, *q = y;
  if (p->frac != q->frac) return p->frac > q->frac ? -1 : 1;
  return (p->i > q->i) - (p->i < q->i);
}

/* Split total over weights w[0,n) into integers summing to total (largest remainders, ties
   to the lower index); all zero when every weight is. */
static PetscErrorCode SplitInteger(int64_t total, const double *w, int n, int64_t *out)
{
  double  W     = 0;
  int64_t given = 0;
  Rem    *rem;
  int     m = 0;

  PetscFunctionBegin;
  for (int i = 0; i < n; i++) W += w[i];
  for (int i = 0; i < n; i++) out[i] = 0;
  if (n == 0 || total == 0 || W <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(n, &rem));
  for (int i = 0; i < n; i++) {
    double x = (double)total * (w[i] / W);
    out[i]   = (int64_t)floor(x);
    given += out[i];
    if (w[i] > 0) rem[m].frac = x - floor(x), rem[m++].i = i;
  }
  qsort(rem, (size_t)m, sizeof(Rem), RemCmp);
  for (int j = 0; given < total; j = (j + 1) % m) out[rem[j].i]++, given++;
  while (given > total) { /* rounding of huge totals: take back from the largest */
    int best = 0;
    for (int i = 1; i < n; i++)
      if (out[i] > out[best]) best = i;
    out[best]--;
    given--;
  }
  PetscCall(PetscFree(rem));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Arrivals on the days of [a, b]: the conflict pressure of lag days before, from the prefix
   sums cp. (Closed days are left out by the caller.) */
static double Pressure(const double *cp, int lag, int a, int b)
{
  /* sum over s in [a,b] of P(s - lag), with P(x) = 0 for x < 0: cp[x] = sum_{y<x} P(y) */
  int lo = PetscMax(a - lag, 0), hi = b - lag;
  return hi < lo ? 0 : cp[hi + 1] - cp[lo];
}

/* The camps and IDP camps: the locations whose arrivals are observed. */
static PetscErrorCode ListCamps(MSGen g)
{
  int *locs;

  PetscFunctionBegin;
  PetscCall(LocationsOfType(g, TypeBit(MS_LOC_CAMP) | TypeBit(MS_LOC_IDPCAMP), &g->ncamps, &locs));
  PetscCall(PetscCalloc1(PetscMax(g->ncamps, 1), &g->camp));
  for (int c = 0; c < g->ncamps; c++) g->camp[c].loc = locs[c];
  PetscCall(PetscFree(locs));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The days of the observations: every -obs_interval days and the last day. */
static PetscErrorCode ObservationDays(MSGen g)
{
  int D = (int)g->days;

  PetscFunctionBegin;
  g->npts = D == 1 ? 1 : (int)((D - 2) / g->obs_interval) + 2;
  PetscCall(PetscMalloc1(g->npts, &g->pts));
  for (int k = 0; k < g->npts; k++)
    g->pts[k] = k == g->npts - 1 ? D - 1 : (int)(k * g->obs_interval);
  PetscCall(PetscCalloc1(g->npts, &g->total));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The conflict pressure P(t) = sum of population * intensity over the zones, from their
   change points, as prefix sums: (*cp)[t] = sum over s < t of P(s), t <= days. The caller
   frees *cp. */
static PetscErrorCode ConflictPressure(MSGen g, double **cp)
{
  int     D = (int)g->days;
  double *P;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(D + 1, &P));
  PetscCall(PetscCalloc1(D + 2, cp));
  for (int z = 0; z < g->nzones; z++) {
    const GZone *Z   = &g->zone[z];
    double       pop = g->loc[Z->loc].pop;
    int          mid = PetscMin(Z->change, Z->end);
    P[Z->onset] += pop * Z->i1;
    P[mid] -= pop * Z->i1;
    if (mid < Z->end) {
      P[mid] += pop * Z->i2;
      P[Z->end] -= pop * Z->i2;
    }
  }
  for (int t = 1; t < D; t++) P[t] += P[t - 1];
  for (int t = 0; t < D; t++) (*cp)[t + 1] = (*cp)[t] + PetscMax(P[t], 0);
  PetscCall(PetscFree(P));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Mark with c + 1 in mask the days on which camp c takes no newcomers: its country's border
   or the camp itself is closed. (The marks of other camps need no clearing.) */
static void MarkClosedDays(MSGen g, int c, int *mask)
{
  const GLoc *l = &g->loc[g->camp[c].loc];

  for (int j = 0; j < g->nclosures; j++) {
    const GClosure *x = &g->closure[j];
    if ((x->type == MS_CLOSE_COUNTRY && x->b == l->country && l->country != 0) ||
        (x->type == MS_CLOSE_CAMP && x->a == g->camp[c].loc))
      for (int t = x->start; t < PetscMin(x->end, g->days); t++) mask[t] = c + 1;
  }
}

/* A camp's weight in a split of agents: lognormal, an IDP camp's 0.4 times a camp's. */
static double CampWeight(MSGen g, uint32_t purpose, int c)
{
  return exp(0.8 * Normal(g, purpose, (uint64_t)c, 0)) *
         (g->loc[g->camp[c].loc].type == MS_LOC_IDPCAMP ? 0.4 : 1.0);
}

/* The arrivals at each camp: the conflict pressure, lagged by the camp's distance, on the
   days its way in is open, with noise per observation interval. cum[c*npts + k]: arrivals
   at camp c up to point k; w[c]: the camp's weight in the split of the growth (0 where none
   arrive). */
static PetscErrorCode CampArrivals(MSGen g, double *cum, double *w)
{
  int     D = (int)g->days, *mask;
  double *cp;

  PetscFunctionBegin;
  PetscCall(ConflictPressure(g, &cp));
  PetscCall(PetscCalloc1(D + 1, &mask));
  for (int c = 0; c < g->ncamps; c++) {
    int lag = (int)PetscMin(
        floor(sqrt(Dist2(&g->loc[g->camp[c].loc], &g->loc[g->zone[0].loc])) / GEN_OBS_SPEED),
        (D - 1) / 3);
    double S = 0;

    MarkClosedDays(g, c, mask);
    for (int k = 1; k < g->npts; k++) {
      double inc = 0;
      int    a = g->pts[k - 1] + 1, b = g->pts[k], s = a;
      for (int t = a; t <= b + 1; t++) /* open runs [s, t) */
        if (t == b + 1 || mask[t] == c + 1) {
          if (t > s) inc += Pressure(cp, lag, s, t - 1);
          s = t + 1;
        }
      inc *= exp(0.35 * Normal(g, P_NOISE, (uint64_t)c, (uint32_t)k));
      S += inc;
      cum[(size_t)c * g->npts + k] = S;
    }
    w[c] = S > 0 ? CampWeight(g, P_OBSG, c) : 0;
  }
  PetscCall(PetscFree(mask));
  PetscCall(PetscFree(cp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The observed counts: -camp_fraction of the agents in camps on day 0 and the rest arrived
   by the last day, each split over the camps by weight; a camp's count grows as its
   arrivals (cum, w of CampArrivals). */
static PetscErrorCode CampCounts(MSGen g, const double *cum, const double *w)
{
  int     nc = g->ncamps;
  int64_t N  = g->agents, ngrow, *g0, *gg;
  double *w0, Wg = 0;

  PetscFunctionBegin;
  g->n0 = (int64_t)floor(g->camp_fraction * (double)N + 0.5);
  ngrow = N - g->n0;
  PetscCall(PetscMalloc1(PetscMax(nc, 1), &w0));
  PetscCall(PetscMalloc1(PetscMax(nc, 1), &g0));
  PetscCall(PetscMalloc1(PetscMax(nc, 1), &gg));
  for (int c = 0; c < nc; c++) {
    w0[c] = CampWeight(g, P_OBS0, c);
    Wg += w[c];
  }
  if (Wg <=
      0) { /* no camp can be reached after day 0 (one day, or everything closed): all on day 0 */
    g->n0 = N;
    ngrow = 0;
  }
  PetscCall(SplitInteger(g->n0, w0, nc, g0));
  PetscCall(SplitInteger(ngrow, w, nc, gg));
  for (int c = 0; c < nc; c++) {
    GCamp *C     = &g->camp[c];
    double Slast = cum[(size_t)c * g->npts + g->npts - 1];
    PetscCall(PetscMalloc1(g->npts, &C->val));
    C->day0   = g0[c];
    C->growth = gg[c];
    for (int k = 0; k < g->npts; k++) {
      double s = cum[(size_t)c * g->npts + k];
      if (k == g->npts - 1)
        C->val[k] = C->day0 + C->growth;
      else
        C->val[k] = C->day0 + (Slast > 0 ? (int64_t)floor((double)C->growth * (s / Slast)) : 0);
    }
  }
  PetscCall(PetscFree(w0));
  PetscCall(PetscFree(g0));
  PetscCall(PetscFree(gg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Registration corrections: the counts before a date were taken at half the true value; the
   true series is flat across that date, so the reader's correction (first value on or after
   the date over the last before it: exactly 2) restores it exactly. */
static PetscErrorCode RegistrationCorrections(MSGen g)
{
  int m, *pick;

  PetscFunctionBegin;
  if (g->npts < 3 || g->corrections <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PickDistinct(g, PICK_CORRECTION, g->ncamps, (int)g->corrections, &m, &pick));
  for (int j = 0; j < m; j++) {
    GCamp *C = &g->camp[pick[j]];
    int    k = 1 + (int)(Unif(g, P_CORR, (uint64_t)pick[j], 0) * (g->npts - 2));
    if (k > g->npts - 2) k = g->npts - 2;
    if (C->val[k - 1] <= 0) continue;
    C->val[k] = C->val[k - 1];
    C->corr   = k;
  }
  PetscCall(PetscFree(pick));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Capacities: most camps can hold what is observed, some will fill up. */
static void CampCapacities(MSGen g)
{
  for (int c = 0; c < g->ncamps; c++) {
    GCamp *C           = &g->camp[c];
    double v           = (double)PetscMax(C->val[g->npts - 1], 200);
    g->loc[C->loc].pop = 100.0 * ceil(v * (0.9 + 0.7 * Unif(g, P_CAP, (uint64_t)c, 0)) / 100.0);
  }
}

/* The observed series of every camp and their total, which add up to -agents on the last
   day, and the camps' capacities. */
static PetscErrorCode BuildObservations(MSGen g)
{
  double *w, *cum;

  PetscFunctionBegin;
  PetscCall(ListCamps(g));
  PetscCall(ObservationDays(g));
  PetscCall(PetscMalloc1(PetscMax(g->ncamps, 1), &w));
  PetscCall(PetscCalloc1((size_t)PetscMax(g->ncamps, 1) * g->npts, &cum));
  PetscCall(CampArrivals(g, cum, w));
  PetscCall(CampCounts(g, cum, w));
  PetscCall(PetscFree(w));
  PetscCall(PetscFree(cum));
  PetscCall(RegistrationCorrections(g));
  for (int c = 0; c < g->ncamps; c++)
    for (int k = 0; k < g->npts; k++) g->total[k] += g->camp[c].val[k];
  CampCapacities(g);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ set-up */

PetscErrorCode MSGenSetUp(MSGen g)
{
  PetscFunctionBegin;
  NameCodeInit(&g->locnames, (uint64_t)g->R * (uint64_t)g->lpr,
               (uint64_t)Draw(g, P_NAME, 0, 0).v[0]);
  NameCodeInit(&g->regnames, (uint64_t)g->R, (uint64_t)Draw(g, P_NAME, 1, 0).v[0]);
  NameCodeInit(&g->cntnames, (uint64_t)g->ncountries, (uint64_t)Draw(g, P_NAME, 2, 0).v[0]);
  PetscCall(PlaceLocations(g));
  PetscCall(BuildRoads(g));
  PetscCall(Redirections(g));
  PetscCall(BuildConflicts(g));
  PetscCall(BuildClosures(g));
  PetscCall(BuildObservations(g));
  g->built   = PETSC_TRUE;
  g->t_setup = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ writing */

static PetscErrorCode MakeDirs(const char *path)
{
  char buf[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, path, sizeof(buf)));
  for (char *p = buf + 1;; p++) {
    char c = *p;
    if (c != '/' && c != 0) continue;
    *p = 0;
    if (mkdir(buf, 0777) && errno != EEXIST)
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
              "option -output: cannot create directory %s: %s", buf, strerror(errno));
    *p = c;
    if (!c) break;
  }
  {
    struct stat st;
    if (stat(buf, &st) || !S_ISDIR(st.st_mode))
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "option -output: %s is not a directory", buf);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  FILE *fp;
  char  path[PETSC_MAX_PATH_LEN];
  char *buf;
} Out;

static PetscErrorCode OutOpen(MSGen g, const char *sub, Out *o)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(o->path, sizeof(o->path), "%s/%s", g->output, sub));
  o->fp = fopen(o->path, "w");
  if (!o->fp)
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s: %s", o->path, strerror(errno));
  PetscCall(PetscMalloc1(1 << 20, &o->buf));
  setvbuf(o->fp, o->buf, _IOFBF, 1 << 20);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode OutClose(Out *o)
{
  int bad;

  PetscFunctionBegin;
  bad = ferror(o->fp);
  bad |= fclose(o->fp);
  PetscCall(PetscFree(o->buf));
  if (bad) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write %s (disk full?)", o->path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteLocations(MSGen g)
{
  Out  o;
  char name[32], reg[32], cnt[32];

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "input_csv/locations.csv", &o));
  fprintf(o.fp, "#name,region,country,latitude,longitude,location_type,conflict_date,population\n");
  fprintf(o.fp, "# written by migrasim-gen %s %s\n", MS_VERSION, g->cmdline);
  for (int i = 0; i < g->nloc; i++) {
    const GLoc *l = &g->loc[i];
    LocName(g, i, name);
    RegionName(g, l->region, reg);
    CountryName(g, l->country, cnt);
    if (l->conflict_date >= 0)
      fprintf(o.fp, "%s,%s,%s,%.4f,%.4f,%s,%d,%.0f\n", name, reg, cnt, l->lat, l->lon,
              MSLocTypeNames[l->type], l->conflict_date, l->pop);
    else
      fprintf(o.fp, "%s,%s,%s,%.4f,%.4f,%s,,%.0f\n", name, reg, cnt, l->lat, l->lon,
              MSLocTypeNames[l->type], l->pop);
  }
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteRoutes(MSGen g)
{
  Out  o;
  char n1[32], n2[32];

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "input_csv/routes.csv", &o));
  fprintf(o.fp, "#name1,name2,distance,forced_redirection\n");
  for (int r = 0; r < g->nroutes; r++) {
    const GRoute *e = &g->route[r];
    LocName(g, e->a, n1);
    LocName(g, e->b, n2);
    fprintf(o.fp, "%s,%s,%d,%d\n", n1, n2, e->km, e->forced);
  }
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteConflicts(MSGen g)
{
  Out  o;
  char name[32];

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "input_csv/conflicts.csv", &o));
  fprintf(o.fp, "#Day");
  for (int z = 0; z < g->nzones; z++) {
    LocName(g, g->zone[z].loc, name);
    fprintf(o.fp, ",%s", name);
  }
  fputc('\n', o.fp);
  for (int t = 0; t < g->days; t++) {
    fprintf(o.fp, "%d", t);
    for (int z = 0; z < g->nzones; z++) {
      double v = Intensity(&g->zone[z], t);
      if (v == 0)
        fputs(",0", o.fp);
      else if (v == 1)
        fputs(",1", o.fp);
      else
        fprintf(o.fp, ",%g", v);
    }
    fputc('\n', o.fp);
  }
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteClosures(MSGen g)
{
  Out  o;
  char n1[32], n2[32];

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "input_csv/closures.csv", &o));
  fprintf(o.fp, "#closure_type,name1,name2,closure_start,closure_end\n");
  for (int j = 0; j < g->nclosures; j++) {
    const GClosure *c = &g->closure[j];
    switch (c->type) {
    case MS_CLOSE_COUNTRY:
      CountryName(g, c->a, n1);
      CountryName(g, c->b, n2);
      fprintf(o.fp, "country,%s,%s,%d,%d\n", n1, n2, c->start, c->end);
      break;
    case MS_CLOSE_LINK:
      LocName(g, c->a, n1);
      LocName(g, c->b, n2);
      fprintf(o.fp, "link,%s,%s,%d,%d\n", n1, n2, c->start, c->end);
      break;
    default:
      LocName(g, c->a, n1);
      fprintf(o.fp, "camp,%s,,%d,%d\n", n1, c->start, c->end);
      break;
    }
  }
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WritePeriod(MSGen g)
{
  Out o;

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "input_csv/sim_period.csv", &o));
  fprintf(o.fp, "StartDate,%s\nLength,%d\n", g->start_date, (int)g->days);
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteSeries(MSGen g, const char *file, const int64_t *val, int corr)
{
  Out  o;
  char sub[64], date[11];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(sub, sizeof(sub), "source_data/%s", file));
  PetscCall(OutOpen(g, sub, &o));
  fprintf(o.fp, "date,count\n");
  for (int k = 0; k < g->npts; k++) {
    MSDateFormat(g->start_day + g->pts[k], date);
    if (k < corr)
      fprintf(o.fp, "%s,%" PRId64 ".%d\n", date, val[k] / 2,
              (int)(val[k] % 2) * 5); /* half the true count */
    else
      fprintf(o.fp, "%s,%" PRId64 "\n", date, val[k]);
  }
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteObservations(MSGen g)
{
  Out  o, oc;
  char name[32], file[48], date[11];

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "source_data/data_layout.csv", &o));
  PetscCall(OutOpen(g, "input_csv/registration_corrections.csv", &oc));
  fprintf(o.fp, "total,total.csv\n");
  PetscCall(WriteSeries(g, "total.csv", g->total, 0));
  for (int c = 0; c < g->ncamps; c++) {
    const GCamp *C = &g->camp[c];
    LocName(g, C->loc, name);
    PetscCall(PetscSNPrintf(file, sizeof(file), "%s.csv", name));
    PetscCall(PetscStrtolower(file));
    fprintf(o.fp, "%s,%s\n", name, file);
    PetscCall(WriteSeries(g, file, C->val, C->corr));
    if (C->corr) {
      MSDateFormat(g->start_day + g->pts[C->corr], date);
      fprintf(oc.fp, "%s,%s\n", name, date);
    }
  }
  PetscCall(OutClose(&oc));
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode WriteSettings(MSGen g)
{
  Out o;

  PetscFunctionBegin;
  PetscCall(OutOpen(g, "simsetting.yml", &o));
  fprintf(o.fp, "# written by migrasim-gen %s; use as migrasim -settings DIR/simsetting.yml\n",
          MS_VERSION);
  fprintf(o.fp, "spawn_rules:\n  insert_day0: True\n  sum_from_camps: True\n");
  fprintf(o.fp, "move_rules:\n  awareness_level: %d\n", (int)g->awareness);
  if (g->high)
    fprintf(o.fp,
            "  max_move_speed: 400.0\n  default_movechance: 0.5\n  avoid_short_stints: True\n");
  PetscCall(OutClose(&o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGenWrite(MSGen g)
{
  char sub[PETSC_MAX_PATH_LEN + 32];

  PetscFunctionBegin;
  PetscCheck(g->built, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "MSGenSetUp() must come before MSGenWrite()");
  PetscCall(PetscSNPrintf(sub, sizeof(sub), "%s/input_csv", g->output));
  PetscCall(MakeDirs(sub));
  PetscCall(PetscSNPrintf(sub, sizeof(sub), "%s/source_data", g->output));
  PetscCall(MakeDirs(sub));
  PetscCall(WriteLocations(g));
  PetscCall(WriteRoutes(g));
  PetscCall(WriteConflicts(g));
  PetscCall(WriteClosures(g));
  PetscCall(WritePeriod(g));
  PetscCall(WriteObservations(g));
  PetscCall(WriteSettings(g));
  g->t_write = MPI_Wtime();
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGenView(MSGen g)
{
  int64_t last = 0;

  PetscFunctionBegin;
  for (int c = 0; c < g->ncamps; c++) last += g->camp[c].val[g->npts - 1];
  PetscCall(PetscPrintf(
      PETSC_COMM_SELF,
      "migrasim-gen: %s: %d locations in %d regions (%d origin, %d transit, %d destination; %d "
      "countries), %d routes, mean degree %.2f, %d camps, %d conflict zones, "
      "%" PRId64 " agents (%" PRId64
      " in camps on day 0), %d days from %s, seed %d; built in %.2f s, written in %.2f s\n",
      g->output, g->nloc, g->R, g->Ro, g->Rt, g->Rd, g->ncountries, g->nroutes,
      g->nloc ? 2.0 * g->nroutes / g->nloc : 0.0, g->ncamps, g->nzones, last, g->n0, (int)g->days,
      g->start_date, (int)g->seed, g->t_setup - g->t_start, g->t_write - g->t_setup));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSGenDestroy(MSGen *gen)
{
  MSGen g = *gen;

  PetscFunctionBegin;
  if (!g) PetscFunctionReturn(PETSC_SUCCESS);
  for (int c = 0; c < g->ncamps; c++) PetscCall(PetscFree(g->camp[c].val));
  PetscCall(PetscFree(g->camp));
  PetscCall(PetscFree(g->pts));
  PetscCall(PetscFree(g->total));
  PetscCall(PetscFree(g->loc));
  PetscCall(PetscFree(g->route));
  PetscCall(PetscFree(g->zone));
  PetscCall(PetscFree(g->closure));
  PetscCall(PetscFree(g));
  *gen = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}
