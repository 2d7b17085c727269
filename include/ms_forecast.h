/* ms_forecast: a forecast of a scenario past its forecast day F, as an ensemble of members, with
 * what-if variants and early warnings (MODEL.md section 10; docs/forecast.md).
 *
 * Members are the accepted points of a calibration (-calibration calibration.h5) times
 * -replicates seeds, or -replicates seeds of one set of settings. MPI_COMM_WORLD is split into
 * groups of -ranks_per_member ranks that take members from a shared counter, as a sweep's do
 * (ms_sweep.h). Each member is a run kept in memory (ms_sim.h): days 0..F once, then the
 * assimilation of the observed camps at F, a snapshot, and from it the baseline and every
 * variant over days F+1..F+H with the member's inflow path and the same random draws. The
 * members' camp series go to world rank 0 in member order, which summarises them (quantiles,
 * variants' differences member by member, warnings) into an MSForecastResult: bit for bit the
 * same on any number of ranks and groups. With -dress FILE (a backtest's residuals.csv) the
 * camps' baseline members are also dressed with the model's past errors (docs/forecast.md,
 * "Dressing a forecast"); the warnings stay the members'.
 *
 * Life cycle as in PETSc: MSForecastCreate, MSForecastSetFromOptions, (for a backtest, which
 * forecasts from several cut days: MSForecastSetForecastDay, MSForecastGetInflow), then
 * MSForecastSetUp, MSForecastRun, MSForecastWrite (or MSForecastGetResult and
 * MSForecastGetMembers, to score), MSForecastDestroy. */
#ifndef MS_FORECAST_H
#define MS_FORECAST_H

#include "ms_forecast_result.h"
#include "ms_inflow.h"

typedef struct _p_MSForecast *MSForecast;

/* Create a forecast over the ranks of comm (normally PETSC_COMM_WORLD). Collective. */
PetscErrorCode MSForecastCreate(MPI_Comm comm, MSForecast *fc);

/* Read the options (-calibration, -scenario, -horizon, -replicates, -variant, ...; -help lists
   them with their defaults). Every rank reads alike. */
PetscErrorCode MSForecastSetFromOptions(MSForecast fc);

/* Forecast from simulation day F instead of -forecast_from or the last observed day
   (a backtest's cut day); before MSForecastSetUp(). */
PetscErrorCode MSForecastSetForecastDay(MSForecast fc, int F);

/* The inflow model after F (owned by fc; a backtest may choose one with MSInflowSetModel()
   before MSForecastSetUp()). */
PetscErrorCode MSForecastGetInflow(MSForecast fc, MSInflow *in);

/* Read the calibration, the scenario and the variants, fix F, the members, the inflow and the
   destinations, and split comm into groups. Every input error is one line on every rank:
   "FILE:LINE: field 'X': ..." for a variant, "option -X: ..." for an option. Collective. */
PetscErrorCode MSForecastSetUp(MSForecast fc);

/* Run every member on the groups, printing a progress line as each finishes, and summarise
   them on world rank 0. Collective. */
PetscErrorCode MSForecastRun(MSForecast fc);

/* The summary (world rank 0; NULL elsewhere), owned by fc. */
PetscErrorCode MSForecastGetResult(MSForecast fc, const MSForecastResult **r);

/* The members' occupancy of every destination, as the summary's quantiles are of: occ[(m *
   nruns + run) * ndest * ndays + d * ndays + k] for member m, run 0 (baseline) or 1 + variant,
   destination d and day first_day + k of the result (world rank 0; NULL elsewhere); owned by
   fc. For the scores of a backtest. */
PetscErrorCode MSForecastGetMembers(MSForecast fc, int *nmembers, int *nruns, const double **occ);

/* Print the warnings in order of date, then write -output (forecast.h5), -report (the page)
   and, with -csv PREFIX, the tables (world rank 0 writes). Collective. */
PetscErrorCode MSForecastWrite(MSForecast fc);

/* Free the forecast, its groups and the options its members set. Collective. */
PetscErrorCode MSForecastDestroy(MSForecast *fc);

#endif
