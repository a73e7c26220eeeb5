"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { SettingsInput, SettingsOutput } from "@/lib/schemas/settings";

const SETTINGS_URL = "/api/v1/settings";

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings.all, queryFn: () => fetchJson<SettingsOutput>(SETTINGS_URL) });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SettingsInput) => fetchJson<SettingsOutput>(SETTINGS_URL, { method: "PUT", body: input }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.settings.all, saved),
  });
}
