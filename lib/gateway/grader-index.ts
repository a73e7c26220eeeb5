import { compileDefinition, type CompiledGrader } from "@/lib/accuracy/live-graders";
import { graderDefinition, type GraderKind } from "@/lib/schemas/graders";

// The gateway's view of grader configurations, built with the snapshot: compiled once per configuration version,
// looked up per request with two Map.get()s (the task's graders and the team's "*" graders).

export type GraderRuntime = {
  id: string;
  name: string;
  version: number;
  /** What evaluations carry in `grader`. */
  grader: string;
  kind: GraderKind;
  task: string;
  sampleRate: number;
  compiled: CompiledGrader;
};

/** teamId -> task (or "*") -> graders. */
export type GraderIndex = ReadonlyMap<string, ReadonlyMap<string, readonly GraderRuntime[]>>;

export type GraderConfigRow = { id: string; teamId: string; name: string; task: string; kind: string; definition: unknown; sampleRate: number; version: number };

// Compiling a JSON Schema costs milliseconds and the snapshot is rebuilt on every config change anywhere: keep what
// was compiled for an unchanged (id, version, definition).
let compiledCache = new Map<string, CompiledGrader | null>();

export function buildGraderIndex(rows: readonly GraderConfigRow[], warn: (msg: string) => void = () => {}): GraderIndex {
  const next = new Map<string, CompiledGrader | null>();
  const index = new Map<string, Map<string, GraderRuntime[]>>();
  for (const r of rows) {
    const cacheKey = `${r.id}\u0000${r.version}\u0000${JSON.stringify(r.definition)}`;
    let compiled = compiledCache.get(cacheKey);
    if (compiled === undefined) {
      const def = graderDefinition.safeParse(r.definition);
      const c = def.success ? compileDefinition(def.data) : null;
      compiled = c?.ok ? c.grader : null;
      if (!compiled) warn(`grader "${r.name}" of team ${r.teamId}: its definition does not compile (${c && !c.ok ? c.message : def.error?.issues[0]?.message}); it is skipped`);
    }
    next.set(cacheKey, compiled);
    if (!compiled) continue;
    const byTask = index.get(r.teamId) ?? new Map<string, GraderRuntime[]>();
    byTask.set(r.task, [...(byTask.get(r.task) ?? []), { id: r.id, name: r.name, version: r.version, grader: `${r.name}@${r.version}`, kind: r.kind as GraderKind, task: r.task, sampleRate: r.sampleRate, compiled }]);
    index.set(r.teamId, byTask);
  }
  compiledCache = next;
  return index;
}
