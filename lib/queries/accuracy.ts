"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import type { AccuracyOutput } from "@/lib/schemas/accuracy";
import type { shadowConfigInput, shadowConfigOutput } from "@/lib/schemas/swaps";

export type ShadowConfigs = z.infer<typeof shadowConfigOutput>;
export type ShadowConfigsInput = z.input<typeof shadowConfigInput>;
export type AccuracyFilters = { from?: string; to?: string; teamId?: string; task?: string; model?: string; source?: "feedback" | "grader" | "eval_set" | "shadow"; interval?: "day" | "week" };

// Local key factory (lib/queries/keys.ts belongs to the admin console): every key starts with `all`, so
// invalidating it refreshes accuracy tables, series and shadow configurations alike.
export const accuracyKeys = {
  all: ["accuracy"] as const,
  lists: () => [...accuracyKeys.all, "list"] as const,
  list: (filters: AccuracyFilters) => [...accuracyKeys.all, "list", filters] as const,
  shadow: (teamId: string) => [...accuracyKeys.all, "shadow", teamId] as const,
};

const shadowUrl = (teamId: string) => `/api/v1/teams/${encodeURIComponent(teamId)}/shadow`;

/** GET /api/v1/accuracy: accuracy per team x task x model with 95% intervals (+ a series with `interval`). */
export function useAccuracy(filters: AccuracyFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accuracyKeys.list(filters),
    queryFn: () => fetchJson<AccuracyOutput>(`/api/v1/accuracy${queryString(filters)}`),
    placeholderData: keepPreviousData, // a filter change keeps the old table and chart until the new ones arrive
    enabled,
  });
}

/** GET /api/v1/teams/{id}/shadow: the team's shadow evaluations (task -> candidate model, sample rate). */
export function useShadowConfigs(teamId: string | null) {
  return useQuery({
    queryKey: accuracyKeys.shadow(teamId ?? ""),
    queryFn: () => fetchJson<ShadowConfigs>(shadowUrl(teamId!)),
    enabled: Boolean(teamId),
  });
}

/** PUT /api/v1/teams/{id}/shadow: replaces the whole list (needs accuracy:write on the team). */
export function useSaveShadowConfigs(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ShadowConfigsInput) => fetchJson<ShadowConfigs>(shadowUrl(teamId), { method: "PUT", body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(accuracyKeys.shadow(teamId), saved);
      return queryClient.invalidateQueries({ queryKey: accuracyKeys.shadow(teamId) });
    },
  });
}
