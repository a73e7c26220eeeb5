// The accuracy view's filters, shared by the server page (parses the URL) and the client view (writes it back).
// Not a "use client" module: the server page needs these values themselves, not client references.

export const ACCURACY_PRESETS = ["7d", "30d", "90d"] as const;
export type AccuracyPreset = (typeof ACCURACY_PRESETS)[number];
export type AccuracyState = { preset: AccuracyPreset; teamId?: string; task?: string; model?: string };
export const DEFAULT_ACCURACY_PRESET: AccuracyPreset = "30d";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 100) : undefined);

/** ?range=90d&teamId=...&task=chat&model=... -> state; anything unknown falls back to the defaults. */
export function accuracyStateFrom(sp: Search): AccuracyState {
  const range = one(sp.range);
  return {
    preset: ACCURACY_PRESETS.includes(range as AccuracyPreset) ? (range as AccuracyPreset) : DEFAULT_ACCURACY_PRESET,
    teamId: one(sp.teamId),
    task: one(sp.task),
    model: one(sp.model),
  };
}

export function accuracySearch(state: AccuracyState): string {
  const p = new URLSearchParams();
  if (state.preset !== DEFAULT_ACCURACY_PRESET) p.set("range", state.preset);
  for (const k of ["teamId", "task", "model"] as const) if (state[k]) p.set(k, state[k]!);
  const qs = p.toString();
  return qs ? `?${qs}` : "";
}
