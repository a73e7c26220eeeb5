"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { SWAP_STATUSES, SwapEvidence, SwapOutput } from "@/lib/schemas/swaps";

export type SwapStatus = (typeof SWAP_STATUSES)[number];
/** A proposal with its evidence typed (the API schema leaves it open; lib/services/swaps.ts buildEvidence fills it). */
export type Swap = Omit<SwapOutput, "evidence"> & { evidence: SwapEvidence };
export type SwapEvent = NonNullable<SwapOutput["events"]>[number];
export type SwapAction = "approve" | "cosign" | "reject" | "rollback";

// Local key factory (lib/queries/keys.ts belongs to the admin console): lists and details under one `all`.
export const swapKeys = {
  all: ["swaps"] as const,
  lists: () => [...swapKeys.all, "list"] as const,
  list: (params: { teamId?: string; status?: SwapStatus } = {}) => [...swapKeys.all, "list", params] as const,
  details: () => [...swapKeys.all, "detail"] as const,
  detail: (id: string) => [...swapKeys.all, "detail", id] as const,
};

const BASE = "/api/v1/swaps";
const swapUrl = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** GET /api/v1/swaps: proposals with their evidence (team-scoped roles: their teams). */
export function useSwaps(params: { teamId?: string; status?: SwapStatus } = {}) {
  return useQuery({
    queryKey: swapKeys.list(params),
    queryFn: async () => (await fetchJson<{ data: Swap[] }>(`${BASE}${queryString(params)}`)).data,
    // The canary controller moves proposals on its own (steps, automatic rollbacks): keep the page current.
    refetchInterval: 30_000,
  });
}

/** GET /api/v1/swaps/{id}: one proposal with every transition. */
export function useSwap(id: string) {
  return useQuery({
    queryKey: swapKeys.detail(id),
    queryFn: () => fetchJson<Swap>(swapUrl(id)),
    refetchInterval: 15_000,
  });
}

/** POST /api/v1/swaps/{id}/{approve|cosign|reject|rollback} with an optional reason. Approval and rollback change
 * the task's routing rule, so routing queries refresh too. */
export function useSwapAction() {
  const queryClient = useQueryClient();
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: swapKeys.all }), queryClient.invalidateQueries({ queryKey: queryKeys.routing.all })]);
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: SwapAction; reason?: string }) =>
      fetchJson<Swap>(`${swapUrl(id)}/${action}`, { method: "POST", body: reason ? { reason } : {} }),
    onSuccess: (updated) => {
      queryClient.setQueryData(swapKeys.detail(updated.id), updated);
      return invalidate();
    },
    // A 409 means the proposal moved meanwhile (another reviewer, the canary controller): show its state now.
    onError: () => invalidate(),
  });
}
