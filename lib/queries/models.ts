"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { ModelCreateInput, ModelOutput, ModelPriceInput, ModelUpdateInput } from "@/lib/schemas/models";

const BASE = "/api/v1/models";

/** GET /api/v1/models: every model with its current price and price history (newest first). */
export function useModels({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.models.list(),
    queryFn: async () => (await fetchJson<{ data: ModelOutput[] }>(BASE)).data,
    enabled,
  });
}

function useInvalidateModels() {
  const queryClient = useQueryClient();
  // Providers show a model count.
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.models.all }), queryClient.invalidateQueries({ queryKey: queryKeys.providers.all })]);
}

export function useCreateModel() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: (input: ModelCreateInput) => fetchJson<ModelOutput>(BASE, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateModel() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ModelUpdateInput }) => fetchJson<ModelOutput>(`${BASE}/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteModel() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ ok: true }>(`${BASE}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** POST /api/v1/models/{id}/prices: a new price version (the history is kept). */
export function useAddModelPrice() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ModelPriceInput }) =>
      fetchJson<ModelOutput>(`${BASE}/${encodeURIComponent(id)}/prices`, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}
