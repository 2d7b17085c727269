/* ms_rules: the model's rules as pure functions (MODEL.md section 3).
 *
 * Each reads the state it is given and changes nothing; the step (step.c) calls them for
 * every agent, so they are inline, and take arrays rather than values where a rule may not
 * need to read them (the loads are skipped with the rule's other conditions). */
#ifndef MS_RULES_H
#define MS_RULES_H

#include <math.h>
#include "ms_events.h"

/* Whether a location of type t is a camp: camp or idpcamp, and only those. */
static inline PetscBool MSRulesIsCamp(MSLocType t)
{
  return (PetscBool)(t == MS_LOC_CAMP || t == MS_LOC_IDPCAMP);
}

/* Attractiveness of location i from the location alone, of its current type (a what-if variant
   may open a camp). */
static inline double MSRulesScore(const MSScenario *scn, const MSGraph *g, const MSEvents *ev,
                                  const MSSettings *s, int i)
{
  double    score = 1.0;
  MSLocType t     = ev->type[i];

  if (scn->loc[i].country_id != g->home_country) score *= s->foreign_weight;
  if (MSRulesIsCamp(t)) score *= s->camp_weight;
  if (ev->intensity[i] > 0)
    score *= pow(s->conflict_weight, MSEventsDecay(ev, s, i) * ev->intensity[i]);
  return score;
}

/* use_pop_for_loc_weight (MODEL.md section 7b): the factor on the score of location i, of
   population pop: max(1, pop)^pop_power_for_loc_weight, for a location that is not a camp. */
static inline double MSRulesPopScore(const MSEvents *ev, const MSSettings *s, int i, double pop)
{
  if (MSRulesIsCamp(ev->type[i])) return 1.0;
  return pow(pop > 1.0 ? pop : 1.0, s->pop_power_for_loc_weight);
}

/* stay_close_to_home (MODEL.md section 7b): the factor on the score of a path's end point d km
   (great circle) from the agent's location: 1 / max(1, d)^home_distance_power. */
static inline double MSRulesHomeFactor(const MSSettings *s, double d)
{
  return 1.0 / pow(d > 1.0 ? d : 1.0, s->home_distance_power);
}

/* Great-circle distance in km between two points given in degrees (haversine, on a sphere of
   the earth's mean radius, 6371 km). */
static inline double MSRulesGreatCircle(double lat1, double lon1, double lat2, double lon2)
{
  const double rad = PETSC_PI / 180.0;
  double       a = sin(0.5 * (lat2 - lat1) * rad), b = sin(0.5 * (lon2 - lon1) * rad);
  double       h = a * a + cos(lat1 * rad) * cos(lat2 * rad) * b * b;
  return 2.0 * 6371.0 * asin(sqrt(h < 1.0 ? h : 1.0));
}

/* Current capacity of location i after scaling; below 1 means unlimited. Only camps have one. */
static inline double MSRulesCapacity(const MSEvents *ev, const MSSettings *s, int i)
{
  if (!MSRulesIsCamp(ev->type[i])) return 0.0;
  return ev->capacity[i] * s->capacity_scaling * s->population_scale;
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

/* movechance_pop_base and movechance_pop_scale_factor (MODEL.md section 7b): move chance mc
   of a location of population pop and capacity cap, times (max(pop, cap) / base)^factor, at
   most 1. */
static inline double MSRulesPopMoveChance(const MSSettings *s, double mc, double pop, double cap)
{
  double f = pow((pop > cap ? pop : cap) / s->movechance_pop_base, s->movechance_pop_scale_factor);
  return mc * f < 1.0 ? mc * f : 1.0;
}

/* The day's speed (km) of an agent that has (walked) or has not yet completed a link: with
   start_on_foot, the first link is travelled at max_walk_speed. */
static inline double MSRulesSpeed(const MSSettings *s, int walked)
{
  return (s->start_on_foot && !walked) ? s->max_walk_speed : s->max_move_speed;
}

/* Whether an agent following a plan drops it (and plans anew) before its next link dl, the
   plan ending at location e: the link has closed, the camp e takes no newcomers, or e is a
   camp whose capacity multiplier (capmult[nloc], frozen at the start of the day) is below
   0.5. */
static inline PetscBool MSRulesDropPlan(const MSEvents *ev, const double *capmult, int dl, int e)
{
  return (PetscBool)(!MSEventsLinkOpen(ev, dl) || ev->camp_closed[e] ||
                     (MSRulesIsCamp(ev->type[e]) && capmult[e] < 0.5));
}

/* With avoid_short_stints, whether an agent that arrived today (arrived) at a location of
   current type t, with km left for the day, moves on with chance 1: at a town, when
   (r + m / max_move_speed) / 2 < 0.5, m the km moved today and r its recent-travel average. */
static inline PetscBool MSRulesMovesOn(const MSSettings *s, PetscBool arrived, MSLocType t, float r,
                                       double moved)
{
  /* every term evaluated (none has an effect): one branch for the caller, not four */
  return (PetscBool)((s->avoid_short_stints != 0) & (arrived != 0) & (t == MS_LOC_TOWN) &
                     (0.5 * (r + moved / s->max_move_speed) < 0.5));
}

/* The recent-travel average r at the end of a day on which the agent moved km. */
static inline float MSRulesRecentTravel(const MSSettings *s, float r, double moved)
{
  return (float)(0.5 * ((double)r + moved / s->max_move_speed));
}

/* r after k days on which the agent did not move (each halves it): r / 2^k, exactly as
   ldexpf(r, -k) rounds it, as a multiplication by an exact power of two. */
static inline float MSRulesRecentTravelIdle(float r, int k)
{
  union {
    uint32_t u;
    float    f;
  } m;
  if (k == 0) return r;
  if (k < 0 || k > 126) return ldexpf(r, -k);
  m.u = (uint32_t)(127 - k) << 23;
  return r * m.f;
}

#endif
