"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import type { SimulateOutput } from "@/lib/schemas/simulator";

export type SimulatorParams = { task?: string; strong?: string; weak?: string; from?: string; to?: string; tolerance?: number };

// Local key factory (as lib/queries/accuracy.ts): the simulator only reads, so nothing invalidates it but time.
export const simulatorKeys = {
  all: ["simulator"] as const,
  run: (teamId: string, params: SimulatorParams) => [...simulatorKeys.all, teamId, params] as const,
};

/** GET /api/v1/teams/{id}/routing-policy/simulate: the team's paired evidence replayed under a router and a tolerance. */
export function useSimulation(teamId: string | null, params: SimulatorParams) {
  return useQuery({
    queryKey: simulatorKeys.run(teamId ?? "", params),
    queryFn: () => fetchJson<SimulateOutput>(`/api/v1/teams/${encodeURIComponent(teamId!)}/routing-policy/simulate${queryString(params)}`),
    enabled: Boolean(teamId),
    placeholderData: keepPreviousData, // moving the slider keeps the last chart until the new point arrives
  });
}
