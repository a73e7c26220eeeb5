"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { userListOutput } from "@/lib/schemas/users";

export type UserRow = z.infer<typeof userListOutput>["data"][number];

/** GET /api/v1/users (users:read): pass enabled=false for roles without it. */
export function useUsers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.users.list(),
    queryFn: async () => (await fetchJson<{ data: UserRow[] }>("/api/v1/users")).data,
    enabled,
    staleTime: 60_000,
  });
}
