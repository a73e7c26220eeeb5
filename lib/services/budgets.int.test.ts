import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { periodStart } from "@/lib/db/budgets";
import { deliverBudgetAlerts } from "@/lib/services/budget-alerts";
import { getTeamBudget } from "@/lib/services/budgets";
import { makeUser } from "@/lib/testing/api";
import { makeTeam } from "@/lib/testing/factories";

let hook: http.Server;
let hookUrl: string;
const received: unknown[] = [];
let failNext = 0;

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/budget`;
});
afterAll(() => new Promise<void>((r) => hook.close(() => r())));

async function teamWithEvent() {
  const { team } = await makeTeam({ defaults: [] });
  const period = new Date(`${periodStart(new Date())}T00:00:00Z`);
  await prisma.team.update({ where: { id: team.id }, data: { monthlyBudgetUsd: 10, budgetWebhookUrl: hookUrl } });
  await prisma.budgetPeriod.create({ data: { scope: "team", scopeId: team.id, teamId: team.id, periodStart: period, spentUsd: 8.5 } });
  await prisma.budgetEvent.create({ data: { teamId: team.id, scope: "team", scopeId: team.id, periodStart: period, kind: "threshold", thresholdPct: 80, spentUsd: 8.5, limitUsd: 10 } });
  return team;
}

describe("budget status and alerts", () => {
  it("posts a threshold event to the team's webhook once, retrying after a failure", async () => {
    const team = await teamWithEvent();
    failNext = 1;
    await deliverBudgetAlerts();
    expect(received.length).toBe(0);
    await deliverBudgetAlerts();
    const mine = received.filter((r) => (r as { team: { id: string } }).team.id === team.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ type: "budget.threshold", thresholdPct: 80, spentUsd: 8.5, limitUsd: 10 });
    await deliverBudgetAlerts();
    expect(received.filter((r) => (r as { team: { id: string } }).team.id === team.id)).toHaveLength(1);
    const ev = await prisma.budgetEvent.findFirstOrThrow({ where: { teamId: team.id } });
    expect(ev.webhookSentAt).not.toBeNull();
  });

  it("reports the month's budget to members, not to other teams' viewers", async () => {
    const team = await teamWithEvent();
    const { user: member } = await makeUser("viewer", [{ teamId: team.id }]);
    const actor = { kind: "user" as const, id: member.id, email: member.email, name: null, role: "viewer" as const, teamIds: [team.id] };
    const b = await getTeamBudget({ actor }, team.id);
    expect(b).toMatchObject({ limitUsd: 10, spentUsd: 8.5, percent: 85, thresholds: [80, 100] });
    expect(b.events[0]).toMatchObject({ kind: "threshold", thresholdPct: 80 });
    await expect(getTeamBudget({ actor: { ...actor, teamIds: [] } }, team.id)).rejects.toThrow(/not allow/);
  });
});

describe("team alert webhook URL", () => {
  it("is checked like a provider URL: private hosts need the allowlist", async () => {
    const { PATCH } = await import("@/app/api/v1/teams/[teamId]/route");
    const { adminToken, call } = await import("@/lib/testing/api");
    const { team } = await makeTeam({ defaults: [] });
    const bad = await call(PATCH, { method: "PATCH", as: adminToken(), params: { teamId: team.id }, body: { budgetWebhookUrl: "http://169.254.169.254/latest" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe("budgetWebhookUrl");
    const ok = await call(PATCH, { method: "PATCH", as: adminToken(), params: { teamId: team.id }, body: { budgetWebhookUrl: "https://hooks.example.com/switchyard" } });
    expect(ok.status).toBe(200);
    expect(ok.body.budgetWebhookUrl).toBe("https://hooks.example.com/switchyard");
    const cleared = await call(PATCH, { method: "PATCH", as: adminToken(), params: { teamId: team.id }, body: { budgetWebhookUrl: null } });
    expect(cleared.body.budgetWebhookUrl).toBeNull();
  });
});
