/* ms_report: what a run reports besides its daily series: the progress lines, the summary at
 * its end (also written as attributes of the output), the camp table it records (simulated
 * against observed populations, MODEL.md section 9) with its ARD and Flee's out.csv layout,
 * and, with -log_days, each rank's seconds per stage day by day.
 *
 * The engine hands the figures over (summed or not, as each function says); this module
 * prints and writes them, and knows nothing of how they were made. The per-camp figures of
 * the analysis tools (ms_metrics.h) are computed from the same camp table. */
#ifndef MS_REPORT_H
#define MS_REPORT_H

#include <stdio.h>
#include "ms_io.h"

/* The camp table: the camps that enter the metrics (data_layout.csv camps found in
   locations.csv), day by day. */
typedef struct {
  int      ncamps, ndays;
  int     *series; /* [ncamps] index into scn->camp */
  int64_t *sim;    /* [ndays * ncamps] agents at the camp at the end of each day */
  int64_t *obs;    /* [ndays * ncamps] observed (interpolated, corrected, scaled) */
} MSMetricsTable;

/* Averaged relative difference over the days: rescaled (Flee's headline figure) and not. */
void MSMetricsARD(const MSMetricsTable *m, double *ard, double *ard_unrescaled);

/* Per-day term of the rescaled ARD. */
double MSMetricsDayError(const MSMetricsTable *m, int t);

/* Write Flee's out.csv to path as Flee's run.py writes it: its columns, camps in locations.csv
   order, its error terms (rank-local; call on one rank). extra[ndays*3] gives, per day: total
   agents, Flee's refugee_debt and raw UNHCR refugee count; may be NULL. */
PetscErrorCode MSMetricsWriteFleeCSV(const char path[], const MSScenario *scn,
                                     const MSMetricsTable *m, const int64_t *extra);

typedef struct _p_MSReport *MSReport;

/* A run's report on comm for days [0, ndays) of scn: a progress line every `every` days (0:
   about ten in a run) and on the last. */
PetscErrorCode MSReportCreate(MPI_Comm comm, const MSScenario *scn, int ndays, int every,
                              MSReport *rep);

/* Write this rank's seconds per stage, day by day, to PREFIX.RANK.csv (-log_days), appended to
   the file of the run continued when append is set. Collective. */
PetscErrorCode MSReportSetDayLog(MSReport rep, const char prefix[], PetscBool append);

/* Whether a day log is written. */
PetscBool MSReportHasDayLog(MSReport rep);

/* The camp table and extra[ndays * 3] (per day: agents, Flee's refugee_debt and raw UNHCR
   refugee count), owned by rep and valid until MSReportDestroy(): a checkpoint saves and restores
   them. */
PetscErrorCode MSReportGetTable(MSReport rep, MSMetricsTable **table, int64_t **extra);

/* The start of the run's clock (the progress lines' rate, the summary's wall time). */
PetscErrorCode MSReportBegin(MSReport rep);

/* Record day t: camp_sim[ncamps] the camps' populations summed over the ranks (NULL: restored
   from a checkpoint with extra), camp_obs[ncamps] their observed ones, and extra[3] (or NULL)
   as MSReportGetTable() describes it. */
PetscErrorCode MSReportRecordDay(MSReport rep, int t, const int64_t *camp_sim,
                                 const int64_t *camp_obs, const int64_t *extra);

/* The progress line of day t, when one is due: agents and those travelling (summed over the
   ranks), this rank's agent-days stepped by the run so far, and the imbalance of the load
   balance (a negative value on one rank: none shown). */
PetscErrorCode MSReportProgress(MSReport rep, int t, int64_t agents, int64_t travelling,
                                int64_t agent_steps, double imbalance);

/* One day of this rank's -log_days file: the seconds of each stage, and what it stepped. */
typedef struct {
  int    day;
  double spawn, prepare, decide_travel, steal, stolen_from_here, exchange, store_received, output,
      rebalance, total;
  int64_t agents, acting, stolen;          /* held, acting today, stepped for partners today */
  double  steal_wait_give, steal_wait_end; /* seconds waited by stealing, in all */
  double  work;                            /* the load balance's model of the day's work */
} MSReportDay;
PetscErrorCode MSReportLogDay(MSReport rep, const MSReportDay *d);

/* The run stopped early, after day ndays - 1: the table ends there. */
PetscErrorCode MSReportStop(MSReport rep, int ndays);

/* What the summary at the end of a run reports. Counts are this rank's unless said. */
typedef struct {
  int                days, days_run; /* days simulated in all, and by this run */
  int64_t            agents;         /* agents spawned in all (every rank knows) */
  int64_t            agent_steps;    /* agent-days this rank stepped in this run */
  int64_t            woken;          /* of all agent-days, those that acted */
  int64_t            decisions;      /* their decisions, */
  int64_t            hops;           /* hops */
  int64_t            link_steps;     /* and stretches of links travelled (MSStepStats) */
  int                nwarn;
  const int64_t     *warn;                    /* [nwarn] warning counters summed over the ranks */
  const char *const *warn_text;               /* [nwarn] what each counts */
  const char *const *warn_name;               /* [nwarn] its attribute's name */
  int64_t            peak_rss, store_bytes;   /* bytes */
  PetscBool          steal;                   /* work stealing on */
  int64_t            stolen, handovers;       /* agent-days stepped for partners, hand-overs */
  int64_t            bytes_sent, bytes_early; /* by the exchanges of agents */
  size_t             migrant_bytes;
  int                routes_cut, rebalances;
  double             imbalance_sum; /* the days' imbalances summed (mean over days_run) */
  const char        *stop_reason;   /* why it stopped early ("signal", "walltime"; the run is
                                       not complete), "" when it did not */
} MSReportSummary;

/* The summary at the end of a run: printed, and written as attributes of out (docs/output.md:
   the figures the tests read, typed, whether printed or not); the ARD and Flee's out.csv (at
   flee_csv unless "none") where the scenario has observed data; output is the output's path,
   as printed. Collective. */
PetscErrorCode MSReportEnd(MSReport rep, MSOutput out, const MSReportSummary *sum,
                           const char output[], const char flee_csv[]);

/* Free the report and close its day log. */
PetscErrorCode MSReportDestroy(MSReport *rep);

#endif
