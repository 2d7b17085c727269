/* ms_rules: the model's rules as pure functions (MODEL.md section 3). */
#ifndef MS_RULES_H
#define MS_RULES_H

#include <math.h>
#include "ms_events.h"

/* Attractiveness of location i from the location alone. */
static inline double MSRulesScore(const MSScenario *scn, const MSGraph *g, const MSEvents *ev,
                                  const MSSettings *s, int i)
{
  double    score = 1.0;
  MSLocType t     = scn->loc[i].type;

  if (scn->loc[i].country_id != g->home_country) score *= s->foreign_weight;
  if (t == MS_LOC_CAMP || t == MS_LOC_IDPCAMP) score *= s->camp_weight;
  if (ev->intensity[i] > 0)
    score *= pow(s->conflict_weight, MSEventsDecay(ev, s, i) * ev->intensity[i]);
  return score;
}

/* Capacity of location i after scaling; below 1 means unlimited. Only camps have one. */
static inline double MSRulesCapacity(const MSScenario *scn, const MSSettings *s, int i)
{
  MSLocType t = scn->loc[i].type;
  if (t != MS_LOC_CAMP && t != MS_LOC_IDPCAMP) return 0.0;
  return scn->loc[i].population * s->capacity_scaling * s->population_scale;
}

/* Capacity multiplier of a location of capacity cap holding n agents. */
static inline double MSRulesCapMult(const MSSettings *s, double cap, int64_t n)
{
  double nb;
  if (cap < 1.0) return 1.0;
  nb = s->capacity_buffer * cap;
  if ((double)n <= nb) return 1.0;
  if ((double)n >= cap) return 0.0;
  return 1.0 - ((double)n - nb) / (cap * (1.0 - s->capacity_buffer));
}

/* Weight of a path of length dist (km) ending at a location of the given score and capacity
 * multiplier. */
static inline double MSRulesPathWeight(const MSSettings *s, double score, double dist,
                                       double capmult)
{
  double w = (s->weight_softening + score) / pow(s->softening + dist, s->distance_power) * capmult;
  return s->weight_power == 1.0 ? w : pow(w, s->weight_power);
}

/* Move chance of an agent with no route left to follow, at a location of current type t. */
static inline double MSRulesMoveChance(const MSSettings *s, MSLocType t)
{
  switch (t) {
  case MS_LOC_CONFLICT: return s->conflict_movechance;
  case MS_LOC_CAMP: return s->camp_movechance;
  case MS_LOC_IDPCAMP: return s->idpcamp_movechance;
  case MS_LOC_HUB:
  case MS_LOC_MARKER: return 1.0;
  default: return s->default_movechance;
  }
}

#endif
