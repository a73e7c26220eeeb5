import { wilson } from "@/lib/accuracy/stats";
import { visibleTeamIds } from "@/lib/auth/permissions";
import { accuracyByGroup, accuracySeries, liveStatsByGroup } from "@/lib/db/accuracy";
import type { AccuracyOutput, AccuracyQuery } from "@/lib/schemas/accuracy";
import { assertTeamAccess, type Caller } from "@/lib/services/context";

// Accuracy per team x task x model: the mean score of graded requests (feedback, graders, eval sets, shadow
// judgements) with a 95% Wilson interval, and live latency and cost beside it.

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export async function getAccuracy(c: Caller, q: AccuracyQuery): Promise<AccuracyOutput> {
  let teamIds = visibleTeamIds(c.actor);
  if (q.teamId) {
    assertTeamAccess(c, "accuracy:read", q.teamId);
    teamIds = [q.teamId];
  }
  const f = { teamIds, task: q.task, model: q.model, from: q.from, to: q.to, source: q.source };
  const [groups, live, series] = await Promise.all([accuracyByGroup(f), liveStatsByGroup(f), q.interval ? accuracySeries(f, q.interval) : Promise.resolve(null)]);
  const liveKey = (t: string, task: string, m: string) => `${t}\u0000${task}\u0000${m}`;
  const liveMap = new Map(live.map((l) => [liveKey(l.team_id, l.task, l.model_name), l]));
  const point = (r: { team_id: string; task: string; model_name: string; n: number; mean: number }) => {
    const ci = wilson(r.mean, r.n);
    return { teamId: r.team_id, task: r.task, model: r.model_name, n: r.n, accuracy: round(r.mean), ciLow: round(ci.low), ciHigh: round(ci.high) };
  };
  return {
    rows: groups.map((r) => {
      const l = liveMap.get(liveKey(r.team_id, r.task, r.model_name));
      return { ...point(r), avgLatencyMs: l ? Math.round(l.latency) : null, avgCostUsd: l ? round(l.cost, 9) : null };
    }),
    ...(series ? { series: series.map((s) => ({ bucket: s.bucket.toISOString(), ...point(s) })) } : {}),
  };
}
