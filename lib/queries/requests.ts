"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { requestPageOutput } from "@/lib/schemas/requests";

export type RequestPage = z.infer<typeof requestPageOutput>;

/** GET /api/v1/requests: the request log, newest first. */
export function useRequests(params: { teamId?: string; model?: string; limit?: number }, { enabled = true, refetchInterval }: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.requests.list(params),
    queryFn: () => fetchJson<RequestPage>(`/api/v1/requests${queryString(params)}`),
    enabled,
    refetchInterval,
    staleTime: 0,
  });
}
