"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { auditPageOutput } from "@/lib/schemas/audit";

export type AuditPage = z.infer<typeof auditPageOutput>;
export type AuditFilters = { actor?: string; resourceType?: string; action?: string; teamId?: string; from?: string; to?: string };

/** The audit URL for these filters: JSON pages, or the CSV export of the same selection. */
export function auditUrl(filters: AuditFilters, extra: { cursor?: string; limit?: number; format?: "csv" } = {}): string {
  return `/api/v1/audit${queryString({ ...filters, ...extra })}`;
}

/** GET /api/v1/audit, newest first, one page per "Load more". */
export function useAuditEvents(filters: AuditFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.list({ ...filters, limit }),
    queryFn: ({ pageParam }) => fetchJson<AuditPage>(auditUrl(filters, { cursor: pageParam ?? undefined, limit })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
}
