"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/queries/keys";

export type SetupStatus = { needed: boolean };

async function fetchSetupStatus(): Promise<SetupStatus> {
  const res = await fetch("/api/setup", { headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) throw new Error(`GET /api/setup failed with ${res.status}`);
  const body = (await res.json()) as Partial<SetupStatus>;
  return { needed: body.needed === true };
}

/** GET /api/setup: whether the first admin still has to be created. */
export function useSetupStatus() {
  return useQuery({ queryKey: queryKeys.setup.status, queryFn: fetchSetupStatus, staleTime: 0 });
}

export type CreateFirstAdminInput = { name: string; email: string; password: string };

/** POST /api/setup: 201 {ok:true}, otherwise {error:{message}} whose message is thrown. */
async function createFirstAdmin(input: CreateFirstAdminInput): Promise<void> {
  const res = await fetch("/api/setup", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(input),
  });
  if (res.ok) return;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new Error(body?.error?.message ?? `Setup failed (HTTP ${res.status}). Try again.`);
}

export function useCreateFirstAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFirstAdmin,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.setup.status }),
  });
}
