/* A run's report: progress, the summary at the end, the camp table and its ARD, Flee's
   out.csv, the -log_days files (ms_report.h). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ms_errors.h"
#include "ms_files.h"
#include "ms_format.h"
#include "ms_report.h"

struct _p_MSReport {
  MPI_Comm          comm;
  PetscMPIInt       rank, size;
  const MSScenario *scn;
  int               every; /* days between progress lines */
  int               ndays; /* days of the run */
  MSMetricsTable    table;
  int64_t          *extra; /* [ndays * 3] per day: agents, spawned so far, observed total */
  PetscLogDouble    t0;    /* the start of the run */
  int               ndone; /* days simulated since t0 (not restored): the pace of the run */
  FILE             *daylog;
  char              daylog_name[PETSC_MAX_PATH_LEN + 16];
};

double MSMetricsDayError(const MSMetricsTable *m, int t)
{
  const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
  double         S = 0, O = 0, err = 0;

  for (int c = 0; c < m->ncamps; c++) S += (double)s[c], O += (double)o[c];
  for (int c = 0; c < m->ncamps; c++) {
    double sr = S > 0 ? (double)s[c] * O / S : 0.0;
    err += fabs(sr - (double)o[c]);
  }
  return err / (O > 1 ? O : 1);
}

void MSMetricsARD(const MSMetricsTable *m, double *ard, double *ard_unrescaled)
{
  double a = 0, u = 0;

  for (int t = 0; t < m->ndays; t++) {
    const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
    double         O = 0, e = 0;
    for (int c = 0; c < m->ncamps; c++) O += (double)o[c], e += fabs((double)s[c] - (double)o[c]);
    a += MSMetricsDayError(m, t);
    u += e / (O > 1 ? O : 1);
  }
  *ard            = m->ndays ? a / m->ndays : 0.0;
  *ard_unrescaled = m->ndays ? u / m->ndays : 0.0;
}

/* A number as Python's str() of a float writes it (Flee's out.csv): the shortest exact form,
   ".0" after a whole number. */
static void PyFloat(double v, char buf[], size_t len)
{
  MSFormatReal(v, buf, len);
  if (!strpbrk(buf, ".eni") && strlen(buf) + 2 < len) strcat(buf, ".0");
}

/* The camps of m in Flee's order, that of locations.csv (Ecosystem.get_camp_names()). */
static PetscErrorCode FleeCampOrder(const MSScenario *scn, const MSMetricsTable *m, int **order)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(m->ncamps + 1, order));
  for (int c = 0; c < m->ncamps; c++) (*order)[c] = c;
  /* few camps: insertion sort on the camps' location index */
  for (int c = 1; c < m->ncamps; c++)
    for (int k = c;
         k > 0 && scn->camp[m->series[(*order)[k]]].loc < scn->camp[m->series[(*order)[k - 1]]].loc;
         k--) {
      int x       = (*order)[k];
      (*order)[k] = (*order)[k - 1], (*order)[k - 1] = x;
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Day t's line of out.csv, as Flee's runscripts/run.py prints it. */
static void FleeCSVDay(FILE *f, const MSScenario *scn, const MSMetricsTable *m,
                       const int64_t *extra, const int *order, int t)
{
  const int64_t *s = m->sim + (size_t)t * m->ncamps, *o = m->obs + (size_t)t * m->ncamps;
  int64_t        S = 0, O = 0, agents = extra ? extra[3 * t + 0] : 0;
  int64_t        debt = extra ? extra[3 * t + 1] : 0, raw = extra ? extra[3 * t + 2] : 0;
  double         abs_err = 0;
  char           date[11], num[40];

  MSDateFormat(scn->start_day + t, date);
  fprintf(f, "%d,%s", t, date);
  for (int k = 0; k < m->ncamps; k++) {
    int c = order[k];
    /* analysis.rel_error: |sim / data - 1| rounded to 4 decimals as numpy rounds; 0 without data */
    double e = o[c] < 0.00001 ? 0.0 : rint(fabs((double)s[c] / (double)o[c] - 1) * 1e4) / 1e4;
    PyFloat(e, num, sizeof(num));
    fprintf(f, ",%" PRId64 ",%" PRId64 ",%s", s[c], o[c], num);
    S += s[c], O += o[c], abs_err += fabs((double)s[c] - (double)o[c]);
  }
  if (!extra) agents = S, raw = O;
  if (raw > 0) {
    PyFloat(abs_err / (double)raw, num, sizeof(num));
    fprintf(f, ",%s,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 "\n", num, O, agents,
            raw, S, debt);
  } else /* Flee writes its totals of observations as 0 until something is observed */
    fprintf(f, ",0.0,0,%" PRId64 ",0,%" PRId64 ",0\n", agents, S);
}

PetscErrorCode MSMetricsWriteFleeCSV(const char path[], const MSScenario *scn,
                                     const MSMetricsTable *m, const int64_t *extra)
{
  FILE *f;
  int   bad, *order;

  PetscFunctionBegin;
  PetscCall(FleeCampOrder(scn, m, &order));
  f = fopen(path, "w");
  if (!f) PetscCall(PetscFree(order));
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot write Flee's out.csv", path);
  fprintf(f, "Day,Date");
  for (int k = 0; k < m->ncamps; k++) {
    const char *n = scn->camp[m->series[order[k]]].name;
    fprintf(f, ",%s sim,%s data,%s error", n, n, n);
  }
  fprintf(f, ",Total error,refugees in camps (UNHCR),total refugees (simulation),raw UNHCR refugee "
             "count,refugees in camps (simulation),refugee_debt\n");
  for (int t = 0; t < m->ndays; t++) FleeCSVDay(f, scn, m, extra, order, t);
  PetscCall(PetscFree(order));
  bad = ferror(f) != 0;
  bad = (fclose(f) != 0) || bad;
  PetscCheck(!bad, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportCreate(MPI_Comm comm, const MSScenario *scn, int ndays, int every,
                              MSReport *repp)
{
  MSReport        rep;
  MSMetricsTable *m;

  PetscFunctionBegin;
  PetscCall(PetscNew(&rep));
  rep->comm = comm, rep->scn = scn, rep->ndays = ndays;
  PetscCallMPI(MPI_Comm_rank(comm, &rep->rank));
  PetscCallMPI(MPI_Comm_size(comm, &rep->size));
  rep->every = every > 0 ? every : PetscMax(1, (ndays + 9) / 10);
  m          = &rep->table;
  m->ndays   = ndays;
  PetscCall(PetscMalloc1(scn->ncamps + 1, &m->series));
  for (int c = 0; c < scn->ncamps; c++)
    if (scn->camp[c].loc >= 0) m->series[m->ncamps++] = c;
  PetscCall(PetscCalloc2((size_t)m->ndays * m->ncamps + 1, &m->sim,
                         (size_t)m->ndays * m->ncamps + 1, &m->obs));
  PetscCall(PetscCalloc1((size_t)m->ndays * 3 + 1, &rep->extra));
  *repp = rep;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportSetDayLog(MSReport rep, const char prefix[], PetscBool append)
{
  char *fn = rep->daylog_name;
  int   bad;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(fn, sizeof(rep->daylog_name), "%s.%d.csv", prefix, rep->rank));
  rep->daylog = fopen(fn, append ? "a" : "w");
  bad         = !rep->daylog;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, rep->comm));
  PetscCheck(!bad, rep->comm, PETSC_ERR_FILE_OPEN, "option -log_days: cannot write %s.RANK.csv",
             prefix);
  /* seconds of: spawning, preparing, the own agents' decisions and travel, stealing (with the
     wait for the partners to finish), what partners spent on agents handed over from here, the
     end-of-day exchange with the ghosts' counts (of which storing the migrants received), the
     output and balance reductions, the repartition and the rest; the day; agents held, acting
     today, and stepped for partners today */
  if (!append)
    fprintf(rep->daylog, "day,spawn,prepare,decide_travel,steal,stolen_from_here,exchange,store_"
                         "received,output,rebalance,day_total,agents,acting,stolen,steal_wait_"
                         "give_sum,steal_wait_end_sum,work\n");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool MSReportHasDayLog(MSReport rep) { return (PetscBool)(rep->daylog != NULL); }

PetscErrorCode MSReportGetTable(MSReport rep, MSMetricsTable **table, int64_t **extra)
{
  PetscFunctionBegin;
  if (table) *table = &rep->table;
  if (extra) *extra = rep->extra;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportBegin(MSReport rep)
{
  PetscFunctionBegin;
  PetscCall(PetscTime(&rep->t0));
  rep->ndone = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportRecordDay(MSReport rep, int t, const int64_t *camp_sim,
                                 const int64_t *camp_obs, const int64_t *extra)
{
  MSMetricsTable *m = &rep->table;

  PetscFunctionBegin;
  for (int c = 0; c < m->ncamps; c++) {
    if (camp_sim) m->sim[(size_t)t * m->ncamps + c] = camp_sim[c];
    m->obs[(size_t)t * m->ncamps + c] = camp_obs[c];
  }
  for (int k = 0; k < 3 && extra; k++) rep->extra[3 * t + k] = extra[k];
  if (camp_sim) rep->ndone++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Seconds as H:MM:SS (hours beyond 24 as they are: a queue's time limits read so). */
static void FormatDuration(double seconds, char buf[], size_t len)
{
  long s = lround(PetscMax(seconds, 0.0));

  snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

/* The local time seconds from now: the time of day, with the date when it is not today. */
static void FormatFinish(double seconds, char buf[], size_t len)
{
  time_t    now = time(NULL), at = now + (time_t)lround(PetscMax(seconds, 0.0));
  struct tm tn, ta;

  if (!localtime_r(&now, &tn) || !localtime_r(&at, &ta)) {
    snprintf(buf, len, "?");
    return;
  }
  strftime(buf, len,
           tn.tm_yday == ta.tm_yday && tn.tm_year == ta.tm_year ? "%H:%M:%S" : "%Y-%m-%d %H:%M",
           &ta);
}

PetscErrorCode MSReportProgress(MSReport rep, int t, int64_t agents, int64_t travelling,
                                int64_t agent_steps, double imbalance)
{
  char           date[11], imb[32] = "", elapsed[32], left[32], finish[32];
  PetscLogDouble now;
  double         secs, rate, remaining;

  PetscFunctionBegin;
  if ((t + 1) % rep->every != 0 && t + 1 != rep->ndays) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscTime(&now));
  MSDateFormat(rep->scn->start_day + t, date);
  secs = PetscMax(now - rep->t0, 1e-9);
  rate = (double)agent_steps / secs;
  /* the days left at the pace of the days done so far */
  remaining = secs / PetscMax(rep->ndone, 1) * (rep->ndays - t - 1);
  FormatDuration(secs, elapsed, sizeof(elapsed));
  FormatDuration(remaining, left, sizeof(left));
  FormatFinish(remaining, finish, sizeof(finish));
  if (imbalance >= 0) snprintf(imb, sizeof(imb), "  imbalance %.2f", imbalance);
  PetscCall(PetscPrintf(rep->comm,
                        "day %5d of %d  %s  agents %10" PRId64 "  travelling %9" PRId64
                        "  %.3g agent-steps/s per rank%s  elapsed %s, finish %s (%s left)\n",
                        t, rep->ndays, date, agents, travelling, rate, imb, elapsed, finish, left));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportLogDay(MSReport rep, const MSReportDay *d)
{
  PetscFunctionBegin;
  if (!rep->daylog) PetscFunctionReturn(PETSC_SUCCESS);
  fprintf(rep->daylog,
          "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%" PRId64 ",%" PRId64 ",%" PRId64
          ",%.6f,%.6f,%.0f\n",
          d->day, d->spawn, d->prepare, d->decide_travel, d->steal, d->stolen_from_here,
          d->exchange, d->store_received, d->output, d->rebalance, d->total, d->agents, d->acting,
          d->stolen, d->steal_wait_give, d->steal_wait_end, d->work);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportStop(MSReport rep, int ndays)
{
  PetscFunctionBegin;
  rep->table.ndays = ndays;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Peak resident set of this process in bytes (Linux), 0 where unknown. */
static int64_t PeakRSS(void)
{
  FILE   *f = fopen("/proc/self/status", "r");
  char    line[256];
  int64_t kb = 0;

  if (!f) return 0;
  while (fgets(line, sizeof(line), f))
    if (!strncmp(line, "VmHWM:", 6)) kb = strtoll(line + 6, NULL, 10);
  fclose(f);
  return kb * 1024;
}

/* The summary's figures as attributes of out, typed, whether a line prints them or not: what
   tests and tools read rather than the lines. all[6] and xall[2] are Summary()'s sums. */
static PetscErrorCode WriteSummary(MSReport rep, MSOutput out, const MSReportSummary *sum,
                                   const int64_t all[6], const int64_t xall[2], double wall)
{
  double ndays = PetscMax(1, sum->days_run);

  PetscFunctionBegin;
  PetscCall(MSOutputSetAttribute(out, "wall_seconds", wall));
  PetscCall(MSOutputSetAttributeInt64(out, "rebalances", sum->rebalances));
  /* a sweep resumes by skipping the members whose file says so */
  PetscCall(MSOutputSetAttributeInt64(out, "complete", sum->stop_reason[0] ? 0 : 1));
  PetscCall(MSOutputSetAttributeString(out, "stop_reason", sum->stop_reason));
  /* one rank is as busy as the mean: no day is measured */
  PetscCall(MSOutputSetAttribute(out, "imbalance_mean",
                                 rep->size > 1 ? sum->imbalance_sum / ndays : 1.0));
  PetscCall(MSOutputSetAttributeInt64(out, "exchange_bytes", xall[0]));
  PetscCall(MSOutputSetAttributeInt64(out, "exchange_bytes_early", xall[1]));
  PetscCall(MSOutputSetAttributeInt64(out, "stolen_agent_days", all[4]));
  PetscCall(MSOutputSetAttributeInt64(out, "input_warnings", rep->scn->nwarnings));
  for (int w = 0; w < sum->nwarn; w++)
    PetscCall(MSOutputSetAttributeInt64(out, sum->warn_name[w], sum->warn[w]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The lines on work, memory, stealing and the exchange, with their sums over the ranks. */
static PetscErrorCode Summary(MSReport rep, MSOutput out, const MSReportSummary *sum, double wall)
{
  int64_t loc[6] = {sum->agent_steps, sum->woken,  PeakRSS(),
                    sum->store_bytes, sum->stolen, sum->handovers},
          all[6], x[2] = {sum->bytes_sent, sum->bytes_early}, xall[2];
  double steps, ndays  = PetscMax(1, sum->days_run);

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(loc, all, 6, MPI_INT64_T, MPI_SUM, rep->comm));
  PetscCallMPI(MPI_Allreduce(x, xall, 2, MPI_INT64_T, MPI_SUM, rep->comm));
  steps = (double)all[0];
  for (int w = 0; w < sum->nwarn; w++)
    if (sum->warn[w])
      PetscCall(PetscPrintf(rep->comm, "migrasim: warning: %" PRId64 " %s\n", sum->warn[w],
                            sum->warn_text[w]));
  PetscCall(PetscPrintf(
      rep->comm, "acting: %.3g%% of the agent-days (the rest slept through their day untouched)\n",
      all[0] ? 100.0 * (double)all[1] / steps : 0.0));
  PetscCall(PetscPrintf(
      rep->comm,
      "done: %d days, %" PRId64 " agents, %.3f s, %.3g agent-steps/s on %d ranks (%.3g per rank)\n",
      sum->days, sum->agents, wall, steps / wall, rep->size, steps / wall / rep->size));
  PetscCall(WriteSummary(rep, out, sum, all, xall, wall));
  PetscCall(PetscPrintf(
      rep->comm,
      "memory: peak resident %.1f MiB over all ranks; agent store %.1f bytes per agent\n",
      (double)all[2] / 1048576.0, sum->agents ? (double)all[3] / (double)sum->agents : 0.0));
  if (sum->steal)
    PetscCall(PetscPrintf(rep->comm,
                          "stealing: %" PRId64 " agent-days stepped by a partner rank (%.2f%% of "
                          "the acting), in %" PRId64 " hand-overs\n",
                          all[4], all[1] ? 100.0 * (double)all[4] / (double)all[1] : 0.0, all[5]));
  if (rep->size == 1) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscPrintf(
      rep->comm,
      "exchange: %.4g MB sent in all (%.4g kB per day per rank, %zu bytes a migrant, %.0f%% of "
      "the bytes sent early, before the end of the day), %d routes cut, %d rebalances, daily "
      "imbalance %.3f on average\n",
      (double)xall[0] / 1e6, (double)xall[0] / 1e3 / ndays / rep->size, sum->migrant_bytes,
      xall[0] ? 100.0 * (double)xall[1] / (double)xall[0] : 0.0, sum->routes_cut, sum->rebalances,
      sum->imbalance_sum / ndays));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Flee's out.csv, written as FILE.partial and renamed FILE once whole (rank 0). */
static PetscErrorCode WriteFleeCSV(MSReport rep, const char flee_csv[])
{
  char           partial[PETSC_MAX_PATH_LEN + 16];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(MSFilePartialName(flee_csv, partial, sizeof(partial)));
  MSErrorQuietPush();
  ierr = rep->rank == 0 ? MSMetricsWriteFleeCSV(partial, rep->scn, &rep->table, rep->extra) : 0;
  MSErrorQuietPop();
  ierr = MSErrorAgree(rep->comm, ierr);
  if (ierr) PetscCall(MSFileRemove(rep->comm, partial));
  PetscCall(ierr);
  PetscCall(MSFileCommit(rep->comm, partial, flee_csv, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The work of the acting agent-days (summed over the ranks): the line after the summary, and
   attributes of out, so that a run's speed can be judged per unit of work. */
static PetscErrorCode Work(MSReport rep, MSOutput out, const MSReportSummary *sum)
{
  int64_t loc[4] = {sum->woken, sum->decisions, sum->hops, sum->link_steps}, all[4];
  double  acting;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(loc, all, 4, MPI_INT64_T, MPI_SUM, rep->comm));
  acting = (double)PetscMax(all[0], 1);
  PetscCall(PetscPrintf(rep->comm,
                        "work: %.3f decisions, %.3f hops and %.3f link steps per acting agent-day "
                        "(%" PRId64 " acting agent-days)\n",
                        (double)all[1] / acting, (double)all[2] / acting, (double)all[3] / acting,
                        all[0]));
  PetscCall(MSOutputSetAttributeInt64(out, "acting_agent_days", all[0]));
  PetscCall(MSOutputSetAttributeInt64(out, "decisions", all[1]));
  PetscCall(MSOutputSetAttributeInt64(out, "hops", all[2]));
  PetscCall(MSOutputSetAttributeInt64(out, "link_steps", all[3]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The ARD of the camp table and Flee's out.csv, where the scenario has observed data. */
static PetscErrorCode Metrics(MSReport rep, MSOutput out, const char output[],
                              const char flee_csv[])
{
  const MSMetricsTable *m = &rep->table;
  double                ard, ardu;

  PetscFunctionBegin;
  if (!(m->ncamps > 0 && rep->scn->has_source_data)) {
    PetscCall(PetscPrintf(rep->comm, "wrote %s\n", output));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  MSMetricsARD(m, &ard, &ardu);
  PetscCall(PetscPrintf(
      rep->comm, "ARD (averaged relative difference, %d camps): %.4f rescaled, %.4f unrescaled\n",
      m->ncamps, ard, ardu));
  PetscCall(MSOutputSetAttribute(out, "ard", ard));
  PetscCall(MSOutputSetAttribute(out, "ard_unrescaled", ardu));
  if (!strcmp(flee_csv, "none")) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(WriteFleeCSV(rep, flee_csv));
  PetscCall(PetscPrintf(rep->comm, "wrote %s and %s\n", output, flee_csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the day log holds reached its file (each rank its own). */
static PetscErrorCode FlushDayLog(MSReport rep)
{
  PetscFunctionBegin;
  PetscCheck(!fflush(rep->daylog) && !ferror(rep->daylog), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
             "option -log_days: %s: write failed (disk full?)", rep->daylog_name);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportEnd(MSReport rep, MSOutput out, const MSReportSummary *sum,
                           const char output[], const char flee_csv[])
{
  PetscLogDouble now;

  PetscFunctionBegin;
  MSErrorPhase(rep->comm, rep->daylog != NULL, FlushDayLog(rep));
  PetscCall(PetscTime(&now));
  PetscCall(Summary(rep, out, sum, PetscMax(now - rep->t0, 1e-9)));
  PetscCall(Work(rep, out, sum));
  PetscCall(Metrics(rep, out, output, flee_csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MSReportDestroy(MSReport *repp)
{
  MSReport rep = *repp;

  PetscFunctionBegin;
  if (!rep) PetscFunctionReturn(PETSC_SUCCESS);
  if (rep->daylog) fclose(rep->daylog);
  PetscCall(PetscFree(rep->table.series));
  PetscCall(PetscFree2(rep->table.sim, rep->table.obs));
  PetscCall(PetscFree(rep->extra));
  PetscCall(PetscFree(*repp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
