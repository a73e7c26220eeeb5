"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { accuracyKeys } from "@/lib/queries/accuracy";
import { fetchJson } from "@/lib/queries/fetch-json";
import type { GraderCreateInput, GraderOutput, GraderUpdateInput } from "@/lib/schemas/graders";

// Graders on live traffic, per team. Keys live under accuracyKeys.all: a refresh of accuracy refreshes them too.

export const graderKeys = {
  list: (teamId: string) => [...accuracyKeys.all, "graders", teamId] as const,
};

const base = (teamId: string) => `/api/v1/teams/${encodeURIComponent(teamId)}/graders`;

/** GET /api/v1/teams/{id}/graders: the team's graders with answers graded and mean score (30 days). */
export function useGraders(teamId: string | null) {
  return useQuery({
    queryKey: graderKeys.list(teamId ?? ""),
    queryFn: async () => (await fetchJson<{ data: GraderOutput[] }>(base(teamId!))).data,
    enabled: Boolean(teamId),
    // Counts grow as live traffic is graded.
    refetchInterval: 15_000,
  });
}

function useInvalidate(teamId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: graderKeys.list(teamId) });
}

/** POST /api/v1/teams/{id}/graders. */
export function useCreateGrader(teamId: string) {
  const invalidate = useInvalidate(teamId);
  return useMutation({ mutationFn: (input: GraderCreateInput) => fetchJson<GraderOutput>(base(teamId), { method: "POST", body: input }), onSuccess: invalidate });
}

/** PATCH /api/v1/teams/{id}/graders/{graderId}. */
export function useUpdateGrader(teamId: string) {
  const invalidate = useInvalidate(teamId);
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: GraderUpdateInput }) => fetchJson<GraderOutput>(`${base(teamId)}/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: invalidate,
  });
}

/** DELETE /api/v1/teams/{id}/graders/{graderId}. */
export function useDeleteGrader(teamId: string) {
  const invalidate = useInvalidate(teamId);
  return useMutation({ mutationFn: (id: string) => fetchJson<{ ok: true }>(`${base(teamId)}/${encodeURIComponent(id)}`, { method: "DELETE" }), onSuccess: invalidate });
}
