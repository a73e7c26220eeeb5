"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { requestPageOutput } from "@/lib/schemas/requests";
import type { SpendGroup, SpendInterval, SpendOutput, SpendSummaryOutput } from "@/lib/schemas/spend";

export type SpendFilters = { from: string; to: string; teamId?: string; model?: string; provider?: string; task?: string };
export type RequestPage = z.infer<typeof requestPageOutput>;

/** GET /api/v1/spend: usage per bucket and group key. */
export function useSpendSeries(filters: SpendFilters & { groupBy: SpendGroup; interval: SpendInterval }) {
  return useQuery({
    queryKey: queryKeys.spend.list({ view: "series", ...filters }),
    queryFn: () => fetchJson<SpendOutput>(`/api/v1/spend${queryString(filters)}`),
    placeholderData: keepPreviousData, // a filter change keeps the old chart until the new one arrives
  });
}

/** GET /api/v1/spend/summary: totals, in-house share, every team/model/provider/task by cost. */
export function useSpendSummary(filters: SpendFilters) {
  return useQuery({
    queryKey: queryKeys.spend.list({ view: "summary", ...filters }),
    queryFn: () => fetchJson<SpendSummaryOutput>(`/api/v1/spend/summary${queryString(filters)}`),
    placeholderData: keepPreviousData,
  });
}

export type RequestLogFilters = { teamId?: string; model?: string; status?: string; from?: string; to?: string };

/** GET /api/v1/requests for a drill-down, newest first, one page per "Load more". */
export function useSpendRequests(filters: RequestLogFilters, { enabled = true, limit = 50 }: { enabled?: boolean; limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: queryKeys.spend.list({ view: "requests", ...filters, limit }),
    queryFn: ({ pageParam }) => fetchJson<RequestPage>(`/api/v1/requests${queryString({ ...filters, cursor: pageParam ?? undefined, limit })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    staleTime: 0,
  });
}

/** The statement page for a month (and optionally one team or cost centre). */
export function statementHref(p: { month: string; teamId?: string; costCenter?: string }): string {
  return `/spend/statement${queryString(p)}`;
}
