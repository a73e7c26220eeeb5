"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { accuracyKeys } from "@/lib/queries/accuracy";
import { fetchJson } from "@/lib/queries/fetch-json";
import type { BUILT_IN_SETS, EvalSetOutput, evalRunCreateInput, evalRunOutput, evalSetCreateInput } from "@/lib/schemas/eval-sets";

export type EvalRun = z.infer<typeof evalRunOutput>;
export type EvalSetUploadInput = z.input<typeof evalSetCreateInput>;
export type EvalRunsInput = z.input<typeof evalRunCreateInput>;
export type BuiltInSet = (typeof BUILT_IN_SETS)[number];

// Local key factory (lib/queries/keys.ts belongs to the admin console).
export const evalSetKeys = {
  all: ["eval-sets"] as const,
  lists: () => [...evalSetKeys.all, "list"] as const,
};

const BASE = "/api/v1/eval-sets";
const set = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const isActiveRun = (r: EvalRun) => r.status === "queued" || r.status === "running";

/** GET /api/v1/eval-sets: the sets the caller may see, each with its runs (newest first). Polls while a run is in flight. */
export function useEvalSets() {
  return useQuery({
    queryKey: evalSetKeys.lists(),
    queryFn: async () => (await fetchJson<{ data: EvalSetOutput[] }>(BASE)).data,
    refetchInterval: (query) => (query.state.data?.some((s) => s.runs.some(isActiveRun)) ? 2000 : false),
  });
}

function useInvalidateEvalSets() {
  const queryClient = useQueryClient();
  // Finished runs add evaluations to the accuracy tables too.
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: evalSetKeys.all }), queryClient.invalidateQueries({ queryKey: accuracyKeys.all })]);
}

/** POST /api/v1/eval-sets: a 422 lists every bad line in error.details ([{path: "line 3", message}]). */
export function useUploadEvalSet() {
  const invalidate = useInvalidateEvalSets();
  return useMutation({
    mutationFn: (input: EvalSetUploadInput) => fetchJson<EvalSetOutput>(BASE, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

/** POST /api/v1/eval-sets/import: adds a built-in RouteLLM set (importing twice returns the same set). */
export function useImportEvalSet() {
  const invalidate = useInvalidateEvalSets();
  return useMutation({
    mutationFn: (builtIn: BuiltInSet) => fetchJson<EvalSetOutput>(`${BASE}/import`, { method: "POST", body: { builtIn } }),
    onSuccess: invalidate,
  });
}

/** POST /api/v1/eval-sets/{id}/runs: one background run per model. */
export function useStartEvalRuns() {
  const invalidate = useInvalidateEvalSets();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: EvalRunsInput }) => fetchJson<EvalSetOutput>(`${set(id)}/runs`, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteEvalSet() {
  const invalidate = useInvalidateEvalSets();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ ok: true }>(set(id), { method: "DELETE" }),
    onSuccess: invalidate,
  });
}
