// One permission table, used by can() (pure), assertCan() (server) and useCan() (client).
// Team-scoped scopes (marked below) additionally require membership for team_lead and viewer: see canForTeam().

export const ROLES = ["admin", "finance", "team_lead", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  "overview:read",
  "providers:read",
  "providers:write",
  "models:read",
  "models:write",
  "teams:read",
  "teams:write",
  "teams:members", // add/remove members of a team
  "keys:read",
  "keys:write",
  "routing:read",
  "routing:write",
  "spend:read",
  "spend:export",
  "accuracy:read",
  "accuracy:write", // feedback, eval runs, shadow configs
  "swaps:read",
  "swaps:approve",
  "swaps:cosign", // finance co-signature above the savings threshold
  "audit:read",
  "settings:read",
  "settings:write",
  "users:read",
  "users:write",
] as const;
export type Scope = (typeof SCOPES)[number];

const TEAM_READ: Scope[] = ["overview:read", "models:read", "teams:read", "keys:read", "routing:read", "spend:read", "accuracy:read", "swaps:read"];

export const PERMISSIONS: Record<Role, readonly Scope[]> = {
  admin: SCOPES,
  finance: [
    "overview:read",
    "providers:read",
    "models:read",
    "teams:read",
    "spend:read",
    "spend:export",
    "accuracy:read",
    "swaps:read",
    "swaps:cosign",
    "audit:read",
  ],
  team_lead: [...TEAM_READ, "keys:write", "routing:write", "accuracy:write", "spend:export"],
  viewer: TEAM_READ,
};

/** Roles whose reach is limited to the teams they are members of. */
export function isTeamScoped(role: Role): boolean {
  return role === "team_lead" || role === "viewer";
}

export function can(role: Role | undefined | null, scope: Scope): boolean {
  return role ? PERMISSIONS[role].includes(scope) : false;
}

/** can(), plus: team-scoped roles only act on their own teams. */
export function canForTeam(
  actor: { role: Role; teamIds: readonly string[] } | null | undefined,
  scope: Scope,
  teamId: string,
): boolean {
  if (!actor || !can(actor.role, scope)) return false;
  return isTeamScoped(actor.role) ? actor.teamIds.includes(teamId) : true;
}

/** Team ids an actor may see for a team-scoped read; null = all teams. */
export function visibleTeamIds(actor: { role: Role; teamIds: readonly string[] }): string[] | null {
  return isTeamScoped(actor.role) ? [...actor.teamIds] : null;
}

/** How long a browser session lasts (next-auth JWT max age). */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;
