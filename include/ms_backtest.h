/* ms_backtest: the honest measure of a forecast's skill (MODEL.md section 10, "Scores of a
 * forecast"; docs/forecast.md, "Backtests"): `migrasim-forecast -backtest`.
 *
 * The observations are cut at days T (-cuts, default every 30 days from day 60); for each T,
 * the settings are calibrated on the days up to T only (the ABC of migrasim-calibrate over a
 * small sweep, both run in-process: one sweep serves every cut, each calibration reading the
 * members' days 0..T), the scenario is forecast from T with `persist` and with `observed`
 * inflow, each with every assimilation of -backtest_assimilate (default transit and none),
 * and the members' camp populations at T+h are scored against the hidden observations with
 * ms_scores.h, per horizon h (-horizons, default 7, 30, 60, 90). Files in -backtest_dir DIR:
 * sweep/ (the sweep), cal_dayT.h5 (each cut's calibration, with its summaries), backtest.csv
 * and backtest.md (the table), entries.csv (every scored camp, cut and horizon: the table is
 * their sums).
 *
 * Life cycle as in PETSc: MSBacktestCreate, MSBacktestSetFromOptions, MSBacktestSetUp,
 * MSBacktestRun, MSBacktestWrite, MSBacktestDestroy. */
#ifndef MS_BACKTEST_H
#define MS_BACKTEST_H

#include "migrasim.h"

typedef struct _p_MSBacktest *MSBacktest;

/* Whether the options ask for a backtest (-backtest); not collective. */
PetscErrorCode MSBacktestRequested(PetscBool *flg);

/* Create a backtest over the ranks of comm (normally PETSC_COMM_WORLD). Collective. */
PetscErrorCode MSBacktestCreate(MPI_Comm comm, MSBacktest *bt);

/* Read -scenario, -settings, -cuts, -max_cuts, -horizons, -backtest_dir, -backtest_design,
   -backtest_points, -backtest_seeds, -backtest_accept, -backtest_assimilate (and, for the
   forecasts, -replicates, default 2 here). Every rank reads alike. */
PetscErrorCode MSBacktestSetFromOptions(MSBacktest bt);

/* Load the scenario, fix the cut days (each with an observation at least the shortest horizon
   after it, within the scenario's period), create DIR and, without -backtest_design, write
   DIR/design.yml. Collective. */
PetscErrorCode MSBacktestSetUp(MSBacktest bt);

/* The sweep, then per cut day the calibration and the forecasts, scored on world rank 0
   (every scored entry appended to DIR/entries.csv as it is made). Collective. */
PetscErrorCode MSBacktestRun(MSBacktest bt);

/* Write DIR/backtest.csv and DIR/backtest.md and print the table (world rank 0). Collective. */
PetscErrorCode MSBacktestWrite(MSBacktest bt);

/* Free the backtest and put back the options it set. Collective. */
PetscErrorCode MSBacktestDestroy(MSBacktest *bt);

#endif
