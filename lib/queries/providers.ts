"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { ProviderCreateInput, ProviderOutput, ProviderTestInput, ProviderTestOutput, ProviderUpdateInput } from "@/lib/schemas/providers";

const BASE = "/api/v1/providers";

/** GET /api/v1/providers: every provider with its 24 h health. */
export function useProviders() {
  return useQuery({
    queryKey: queryKeys.providers.list(),
    queryFn: async () => (await fetchJson<{ data: ProviderOutput[] }>(BASE)).data,
  });
}

function useInvalidateProviders() {
  const queryClient = useQueryClient();
  // Models carry the provider's name and in-house flag, so they refresh with it.
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.providers.all }), queryClient.invalidateQueries({ queryKey: queryKeys.models.all })]);
}

export function useCreateProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (input: ProviderCreateInput) => fetchJson<ProviderOutput>(BASE, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ProviderUpdateInput }) =>
      fetchJson<ProviderOutput>(`${BASE}/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ ok: true }>(`${BASE}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** POST /api/v1/providers/test (unsaved settings) or /api/v1/providers/{id}/test (saved, with overrides). */
export function useTestProvider() {
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: ProviderTestInput }) =>
      fetchJson<ProviderTestOutput>(id ? `${BASE}/${encodeURIComponent(id)}/test` : `${BASE}/test`, { method: "POST", body: input }),
  });
}
