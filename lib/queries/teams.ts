"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson, queryString } from "@/lib/queries/fetch-json";
import { queryKeys } from "@/lib/queries/keys";
import type { ApiKeyCreateInput, ApiKeyOutput, apiKeyCreatedOutput, teamMemberOutput, TeamBudgetOutput, TeamCreateInput, TeamMemberInput, TeamOutput, TeamUpdateInput } from "@/lib/schemas/teams";

export type TeamMember = z.infer<typeof teamMemberOutput>;
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedOutput>;

const BASE = "/api/v1/teams";
const team = (teamId: string) => `${BASE}/${encodeURIComponent(teamId)}`;

/** GET /api/v1/teams: the teams the caller may see (team-scoped roles: their own). */
export function useTeams({ archived = false }: { archived?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.teams.list({ archived }),
    queryFn: async () => (await fetchJson<{ data: TeamOutput[] }>(`${BASE}${queryString({ archived: archived ? "true" : undefined })}`)).data,
  });
}

export function useTeam(teamId: string) {
  return useQuery({ queryKey: queryKeys.teams.detail(teamId), queryFn: () => fetchJson<TeamOutput>(team(teamId)) });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamCreateInput) => fetchJson<TeamOutput>(BASE, { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.teams.all }),
  });
}

export function useUpdateTeam(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamUpdateInput) => fetchJson<TeamOutput>(team(teamId), { method: "PATCH", body: input }),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.teams.detail(teamId), updated);
      return queryClient.invalidateQueries({ queryKey: queryKeys.teams.all });
    },
  });
}

/** DELETE /api/v1/teams/{id}: archives the team (its keys stop working, history is kept). */
export function useArchiveTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (teamId: string) => fetchJson<{ ok: true }>(team(teamId), { method: "DELETE" }),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.teams.all }), queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all })]),
  });
}

// ───────────── members ─────────────

export function useTeamMembers(teamId: string) {
  return useQuery({
    queryKey: queryKeys.members.list({ teamId }),
    queryFn: async () => (await fetchJson<{ data: TeamMember[] }>(`${team(teamId)}/members`)).data,
  });
}

function useInvalidateMembers() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.members.all }), queryClient.invalidateQueries({ queryKey: queryKeys.teams.all })]);
}

export function useAddTeamMember(teamId: string) {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (input: TeamMemberInput) => fetchJson<TeamMember>(`${team(teamId)}/members`, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useRemoveTeamMember(teamId: string) {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (userId: string) => fetchJson<{ ok: true }>(`${team(teamId)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

// ───────────── API keys ─────────────

export function useApiKeys(teamId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.apiKeys.list({ teamId }),
    queryFn: async () => (await fetchJson<{ data: ApiKeyOutput[] }>(`${team(teamId)}/keys`)).data,
    enabled,
  });
}

function useInvalidateKeys() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all }), queryClient.invalidateQueries({ queryKey: queryKeys.teams.all })]);
}

/** POST .../keys: the response is the only place the full key ever appears. */
export function useCreateApiKey(teamId: string) {
  const invalidate = useInvalidateKeys();
  return useMutation({
    mutationFn: (input: ApiKeyCreateInput) => fetchJson<ApiKeyCreated>(`${team(teamId)}/keys`, { method: "POST", body: input }),
    onSuccess: invalidate,
  });
}

export function useRevokeApiKey(teamId: string) {
  const invalidate = useInvalidateKeys();
  return useMutation({
    mutationFn: (keyId: string) => fetchJson<ApiKeyOutput>(`${team(teamId)}/keys/${encodeURIComponent(keyId)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** GET /api/v1/teams/{teamId}/budget: this month's limit, spend, held headroom and alerts. */
export function useTeamBudget(teamId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...queryKeys.teams.detail(teamId), "budget"],
    queryFn: () => fetchJson<TeamBudgetOutput>(`${team(teamId)}/budget`),
    enabled,
    refetchInterval: 30_000,
  });
}
