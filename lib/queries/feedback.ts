"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import type { ConsoleFeedbackInput } from "@/lib/schemas/feedback";

/** POST /api/v1/requests/{id}/feedback: an accuracy signal for the model that served the request. */
export function useRequestFeedback(requestId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConsoleFeedbackInput) => fetchJson<{ id: string }>(`/api/v1/requests/${encodeURIComponent(requestId)}/feedback`, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["accuracy"] }),
  });
}
