import { z, type ZodType } from "zod";
import type { Scope } from "@/lib/auth/permissions";
import * as accuracy from "@/lib/schemas/accuracy";
import * as audit from "@/lib/schemas/audit";
import * as evalSets from "@/lib/schemas/eval-sets";
import * as graders from "@/lib/schemas/graders";
import { errorBody } from "@/lib/schemas/common";
import * as models from "@/lib/schemas/models";
import * as providers from "@/lib/schemas/providers";
import * as routing from "@/lib/schemas/routing";
import * as settings from "@/lib/schemas/settings";
import * as simulator from "@/lib/schemas/simulator";
import * as spend from "@/lib/schemas/spend";
import * as swaps from "@/lib/schemas/swaps";
import * as teams from "@/lib/schemas/teams";
import { consoleFeedbackInput, feedbackOutput } from "@/lib/schemas/feedback";
import { requestListQuery, requestPageOutput } from "@/lib/schemas/requests";
import { userCreateInput, userListOutput } from "@/lib/schemas/users";

// Every control-plane endpoint in one table: the OpenAPI document is generated from it, and a test checks that
// each app/api/v1 route file exports exactly the methods listed here (so the docs cannot drift from the code).

export type Endpoint = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string; // OpenAPI style: /api/v1/teams/{teamId}
  summary: string;
  scope: Scope | null; // null = public
  tag: string;
  body?: ZodType;
  query?: ZodType;
  response?: ZodType;
  status?: number; // success status, default 200
  csv?: boolean; // also answers text/csv (?format=csv)
};

const list = <T extends ZodType>(item: T) => z.object({ data: z.array(item) });
const ok = z.object({ ok: z.literal(true) });

export const ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/api/v1/me", tag: "Users", scope: "overview:read", summary: "The caller: email, role, teams and scopes" },
  { method: "GET", path: "/api/v1/users", tag: "Users", scope: "users:read", summary: "All user accounts", response: userListOutput },
  { method: "POST", path: "/api/v1/users", tag: "Users", scope: "users:write", summary: "Create an account with a role", body: userCreateInput, status: 201 },

  { method: "GET", path: "/api/v1/providers", tag: "Providers", scope: "providers:read", summary: "Providers with 24 h health", response: list(providers.providerOutput) },
  { method: "POST", path: "/api/v1/providers", tag: "Providers", scope: "providers:write", summary: "Register a provider (the API key is write-only)", body: providers.providerCreateInput, response: providers.providerOutput, status: 201 },
  { method: "POST", path: "/api/v1/providers/test", tag: "Providers", scope: "providers:write", summary: "Test unsaved connection settings: lists upstream models and measures latency", body: providers.providerTestInput, response: providers.providerTestOutput },
  { method: "GET", path: "/api/v1/providers/{providerId}", tag: "Providers", scope: "providers:read", summary: "One provider", response: providers.providerOutput },
  { method: "PATCH", path: "/api/v1/providers/{providerId}", tag: "Providers", scope: "providers:write", summary: "Update a provider; a new baseUrl needs the apiKey re-entered", body: providers.providerUpdateInput, response: providers.providerOutput },
  { method: "DELETE", path: "/api/v1/providers/{providerId}", tag: "Providers", scope: "providers:write", summary: "Delete a provider that has no models (409 says what uses it)", response: ok },
  { method: "POST", path: "/api/v1/providers/{providerId}/test", tag: "Providers", scope: "providers:write", summary: "Test a saved provider, optionally with changed settings", body: providers.providerTestInput, response: providers.providerTestOutput },

  { method: "GET", path: "/api/v1/models", tag: "Models", scope: "models:read", summary: "Models with current price and price history", query: models.modelListQuery, response: list(models.modelOutput) },
  { method: "POST", path: "/api/v1/models", tag: "Models", scope: "models:write", summary: "Add a priced model to a provider", body: models.modelCreateInput, response: models.modelOutput, status: 201 },
  { method: "GET", path: "/api/v1/models/{modelId}", tag: "Models", scope: "models:read", summary: "One model", response: models.modelOutput },
  { method: "PATCH", path: "/api/v1/models/{modelId}", tag: "Models", scope: "models:write", summary: "Update a model; prices sent here start a new price version now", body: models.modelUpdateInput, response: models.modelOutput },
  { method: "DELETE", path: "/api/v1/models/{modelId}", tag: "Models", scope: "models:write", summary: "Delete a model no routing policy uses (409 says where it is used)", response: ok },
  { method: "POST", path: "/api/v1/models/{modelId}/prices", tag: "Models", scope: "models:write", summary: "Add a price version (history is kept)", body: models.modelPriceInput, response: models.modelOutput, status: 201 },

  { method: "GET", path: "/api/v1/teams", tag: "Teams", scope: "teams:read", summary: "Teams the caller may see", query: teams.teamListQuery, response: list(teams.teamOutput) },
  { method: "POST", path: "/api/v1/teams", tag: "Teams", scope: "teams:write", summary: "Create a team", body: teams.teamCreateInput, response: teams.teamOutput, status: 201 },
  { method: "GET", path: "/api/v1/teams/{teamId}", tag: "Teams", scope: "teams:read", summary: "One team", response: teams.teamOutput },
  { method: "PATCH", path: "/api/v1/teams/{teamId}", tag: "Teams", scope: "teams:write", summary: "Update a team (name, cost centre, budget, alerts, body capture)", body: teams.teamUpdateInput, response: teams.teamOutput },
  { method: "DELETE", path: "/api/v1/teams/{teamId}", tag: "Teams", scope: "teams:write", summary: "Archive a team: its keys stop working, history is kept", response: ok },
  { method: "GET", path: "/api/v1/teams/{teamId}/budget", tag: "Teams", scope: "spend:read", summary: "This month's budget: limit, spend, headroom held by instances, alerts, per-key budgets", response: teams.teamBudgetOutput },
  { method: "GET", path: "/api/v1/teams/{teamId}/members", tag: "Teams", scope: "teams:read", summary: "Members and their team roles", response: list(teams.teamMemberOutput) },
  { method: "POST", path: "/api/v1/teams/{teamId}/members", tag: "Teams", scope: "teams:members", summary: "Add or change a member by email", body: teams.teamMemberInput, response: teams.teamMemberOutput, status: 201 },
  { method: "DELETE", path: "/api/v1/teams/{teamId}/members/{userId}", tag: "Teams", scope: "teams:members", summary: "Remove a member", response: ok },
  { method: "GET", path: "/api/v1/teams/{teamId}/keys", tag: "API keys", scope: "keys:read", summary: "The team's gateway keys (prefix only)", response: list(teams.apiKeyOutput) },
  { method: "POST", path: "/api/v1/teams/{teamId}/keys", tag: "API keys", scope: "keys:write", summary: "Create a key: the full key is in this response only", body: teams.apiKeyCreateInput, response: teams.apiKeyCreatedOutput, status: 201 },
  { method: "DELETE", path: "/api/v1/teams/{teamId}/keys/{keyId}", tag: "API keys", scope: "keys:write", summary: "Revoke a key (within a second on every instance)", response: teams.apiKeyOutput },
  { method: "GET", path: "/api/v1/teams/{teamId}/routing-policy", tag: "Routing", scope: "routing:read", summary: "The team's routing policy", response: routing.routingPolicyOutput },
  { method: "PUT", path: "/api/v1/teams/{teamId}/routing-policy", tag: "Routing", scope: "routing:write", summary: "Replace the routing policy (allowedModels: admin only)", body: routing.routingPolicyInput, response: routing.routingPolicyOutput },
  { method: "POST", path: "/api/v1/teams/{teamId}/routing-policy/try", tag: "Routing", scope: "routing:read", summary: "Which model would serve this prompt, and why (the gateway's own routing code)", body: routing.routeTryInput, response: routing.routeTryOutput },
  { method: "GET", path: "/api/v1/teams/{teamId}/routing-policy/simulate", tag: "Routing", scope: "accuracy:read", summary: "What-if simulator (read-only): replays the team's prompts graded for two models (shadow pairs, eval runs) under the quality predictor and a tolerance: APGR, CPT(50%), CPT(80%), AIQ, the cost/quality curve and the policy's point", query: simulator.simulateQuery, response: simulator.simulateOutput },

  { method: "POST", path: "/api/v1/requests/{requestId}/feedback", tag: "Requests", scope: "accuracy:write", summary: "Rate one request's answer (score 0..1): an accuracy signal like the data plane's /feedback", body: consoleFeedbackInput, response: feedbackOutput, status: 201 },
  { method: "GET", path: "/api/v1/requests", tag: "Requests", scope: "spend:read", summary: "The request log, newest first (team-scoped roles see their teams)", query: requestListQuery, response: requestPageOutput },
  { method: "GET", path: "/api/v1/spend", tag: "Spend", scope: "spend:read", summary: "Usage and cost per UTC hour/day/month and team, model, provider or task (live traffic, from the rollups; money as 9-decimal strings)", query: spend.spendQuery, response: spend.spendOutput },
  { method: "GET", path: "/api/v1/spend/summary", tag: "Spend", scope: "spend:read", summary: "Totals, in-house vs external share, and every team, model, provider and task by cost", query: spend.spendSummaryQuery, response: spend.spendSummaryOutput },
  { method: "GET", path: "/api/v1/reports/statement", tag: "Spend", scope: "spend:read", summary: "Monthly statement per team and cost centre; ?format=csv (needs spend:export) downloads its lines (columns in docs/spend.md)", query: spend.statementQuery, response: spend.statementOutput, csv: true },
  { method: "GET", path: "/api/v1/accuracy", tag: "Accuracy", scope: "accuracy:read", summary: "Mean score with 95% Wilson intervals per team x task x model, with live latency and cost; ?interval=day|week adds a series (gaps stay gaps)", query: accuracy.accuracyQuery, response: accuracy.accuracyOutput },
  { method: "GET", path: "/api/v1/teams/{teamId}/shadow", tag: "Accuracy", scope: "accuracy:read", summary: "The team's shadow evaluations: task -> candidate model and sample rate", response: swaps.shadowConfigOutput },
  { method: "PUT", path: "/api/v1/teams/{teamId}/shadow", tag: "Accuracy", scope: "accuracy:write", summary: "Replace the team's shadow evaluations (mirrored traffic is evaluation cost, never budget)", body: swaps.shadowConfigInput, response: swaps.shadowConfigOutput },
  { method: "GET", path: "/api/v1/teams/{teamId}/graders", tag: "Accuracy", scope: "accuracy:read", summary: "Graders run on a sample of the team's live answers (JSON / JSON Schema, regex, judge), with answers graded and mean score (30 days)", response: list(graders.graderOutput) },
  { method: "POST", path: "/api/v1/teams/{teamId}/graders", tag: "Accuracy", scope: "accuracy:write", summary: "Add a grader for a task (or \"*\"): sample rate 0..1; an invalid pattern or schema is a 400 naming the field", body: graders.graderCreateInput, response: graders.graderOutput, status: 201 },
  { method: "PATCH", path: "/api/v1/teams/{teamId}/graders/{graderId}", tag: "Accuracy", scope: "accuracy:write", summary: "Change a grader; a changed definition starts a new version (grader \"name@version\")", body: graders.graderUpdateInput, response: graders.graderOutput },
  { method: "DELETE", path: "/api/v1/teams/{teamId}/graders/{graderId}", tag: "Accuracy", scope: "accuracy:write", summary: "Delete a grader (its past scores stay)", response: ok },
  { method: "GET", path: "/api/v1/eval-sets", tag: "Accuracy", scope: "accuracy:read", summary: "Eval sets the caller may see, with their runs", response: list(evalSets.evalSetOutput) },
  { method: "POST", path: "/api/v1/eval-sets", tag: "Accuracy", scope: "accuracy:write", summary: "Upload an eval set as JSONL or CSV (prompt, reference, task, grader); errors name the line", body: evalSets.evalSetCreateInput, response: evalSets.evalSetOutput, status: 201 },
  { method: "POST", path: "/api/v1/eval-sets/import", tag: "Accuracy", scope: "accuracy:write", summary: "Add a built-in RouteLLM set: MT-Bench (judge-graded) or the MMLU samples (multiple choice)", body: evalSets.evalSetImportInput, response: evalSets.evalSetOutput, status: 201 },
  { method: "GET", path: "/api/v1/eval-sets/{evalSetId}", tag: "Accuracy", scope: "accuracy:read", summary: "One eval set with its runs", response: evalSets.evalSetOutput },
  { method: "DELETE", path: "/api/v1/eval-sets/{evalSetId}", tag: "Accuracy", scope: "accuracy:write", summary: "Delete an eval set", response: ok },
  { method: "POST", path: "/api/v1/eval-sets/{evalSetId}/runs", tag: "Accuracy", scope: "accuracy:write", summary: "Run the set against up to 5 models in the background (eval traffic: evaluation cost)", body: evalSets.evalRunCreateInput, response: evalSets.evalSetOutput, status: 201 },
  { method: "GET", path: "/api/v1/eval-runs/{runId}", tag: "Accuracy", scope: "accuracy:read", summary: "Progress and accuracy (95% interval) of one run", response: evalSets.evalRunOutput },
  { method: "GET", path: "/api/v1/swaps", tag: "Swaps", scope: "swaps:read", summary: "Swap proposals with their evidence", query: swaps.swapListQuery, response: list(swaps.swapOutput) },
  { method: "GET", path: "/api/v1/swaps/{swapId}", tag: "Swaps", scope: "swaps:read", summary: "One proposal: evidence, canary state, every transition", response: swaps.swapOutput },
  { method: "POST", path: "/api/v1/swaps/{swapId}/approve", tag: "Swaps", scope: "swaps:approve", summary: "Approve: starts the canary (above the co-sign threshold, once finance has co-signed)", body: swaps.swapDecisionInput, response: swaps.swapOutput },
  { method: "POST", path: "/api/v1/swaps/{swapId}/cosign", tag: "Swaps", scope: "swaps:cosign", summary: "Finance co-signature for swaps above the savings threshold (never the approver)", body: swaps.swapDecisionInput, response: swaps.swapOutput },
  { method: "POST", path: "/api/v1/swaps/{swapId}/reject", tag: "Swaps", scope: "swaps:approve", summary: "Reject a proposal", body: swaps.swapDecisionInput, response: swaps.swapOutput },
  { method: "POST", path: "/api/v1/swaps/{swapId}/rollback", tag: "Swaps", scope: "swaps:approve", summary: "Stop a canary or undo a completed swap: the task's routing rule is restored", body: swaps.swapDecisionInput, response: swaps.swapOutput },
  { method: "GET", path: "/api/v1/audit", tag: "Audit", scope: "audit:read", summary: "Audit events, newest first, filterable; ?format=csv exports", query: audit.auditQuery, response: audit.auditPageOutput, csv: true },
  { method: "GET", path: "/api/v1/settings", tag: "Settings", scope: "settings:read", summary: "Admin settings and the environment in force", response: settings.settingsOutput },
  { method: "PUT", path: "/api/v1/settings", tag: "Settings", scope: "settings:write", summary: "Change admin settings (upstream allowlist)", body: settings.settingsInput, response: settings.settingsOutput },
  { method: "GET", path: "/api/v1/openapi.json", tag: "Meta", scope: null, summary: "This document" },
];

export { errorBody };
