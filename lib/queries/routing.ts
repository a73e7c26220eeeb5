"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { RouteTryInput, RouteTryOutput, RoutingPolicyInput, RoutingPolicyOutput } from "@/lib/schemas/routing";

const policyUrl = (teamId: string) => `/api/v1/teams/${encodeURIComponent(teamId)}/routing-policy`;

/** GET /api/v1/teams/{id}/routing-policy. */
export function useRoutingPolicy(teamId: string | null) {
  return useQuery({
    queryKey: queryKeys.routing.detail(teamId ?? ""),
    queryFn: () => fetchJson<RoutingPolicyOutput>(policyUrl(teamId!)),
    enabled: Boolean(teamId),
  });
}

/** PUT: replaces the whole policy. */
export function useSaveRoutingPolicy(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RoutingPolicyInput) => fetchJson<RoutingPolicyOutput>(policyUrl(teamId), { method: "PUT", body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.routing.detail(teamId), saved);
      return queryClient.invalidateQueries({ queryKey: queryKeys.routing.all });
    },
  });
}

/** POST .../routing-policy/try: which model the gateway would pick for this prompt, and why. */
export function useTryRoute(teamId: string) {
  return useMutation({
    mutationFn: (input: RouteTryInput) => fetchJson<RouteTryOutput>(`${policyUrl(teamId)}/try`, { method: "POST", body: input }),
  });
}
