import { qualityByTeamTaskModel } from "@/lib/db/accuracy";
import type { Snapshot } from "@/lib/gateway/snapshot";
import { priceAt } from "@/lib/gateway/snapshot";
import type { QualityEstimate, RouteDeps } from "@/lib/router/types";

// Measured quality per team x task x model (mean graded score, last 30 days: shadow judgements, eval sets,
// feedback, graders), refreshed in the background every REFRESH_MS. Requests only read the map: auto-routing
// never waits on the database. Until the first load, or without evidence, the routing rule's order stands.

const REFRESH_MS = 30_000;
type Table = Map<string, Map<string, Map<string, QualityEstimate>>>; // team -> task -> model name -> estimate

class QualityCache {
  private table: Table = new Map();
  private timer: NodeJS.Timeout | null = null;

  async load(): Promise<void> {
    const rows = await qualityByTeamTaskModel();
    const t: Table = new Map();
    for (const r of rows) {
      const byTask = t.get(r.team_id) ?? new Map<string, Map<string, QualityEstimate>>();
      const byModel = byTask.get(r.task) ?? new Map<string, QualityEstimate>();
      byModel.set(r.model_name, { p: r.mean, n: r.n });
      byTask.set(r.task, byModel);
      t.set(r.team_id, byTask);
    }
    this.table = t;
  }

  start(): void {
    if (this.timer) return;
    void this.load().catch(() => {});
    this.timer = setInterval(() => void this.load().catch(() => {}), REFRESH_MS);
    this.timer.unref();
  }

  /** The auto-routing deps for one team: quality by model id, blended price (input + output) / 2 per MTok. */
  depsFor(snapshot: Snapshot, teamId: string, atMs: number): Pick<RouteDeps, "quality" | "pricePerMTok"> {
    this.start();
    const byTask = this.table.get(teamId);
    return {
      quality: (task, modelId) => {
        const name = snapshot.catalog.byId.get(modelId)?.name;
        return name ? byTask?.get(task)?.get(name) : undefined;
      },
      pricePerMTok: (modelId) => {
        const p = priceAt(snapshot.prices.get(modelId), atMs);
        return p ? (p.inMicro + p.outMicro) / 2 / 1e6 : Infinity;
      },
    };
  }
}

const g = globalThis as unknown as { __switchyardQuality?: QualityCache };
export function qualityCache(): QualityCache {
  g.__switchyardQuality ??= new QualityCache();
  return g.__switchyardQuality;
}
