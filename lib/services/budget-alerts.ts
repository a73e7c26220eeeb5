import { request } from "undici";
import { prisma } from "@/lib/db/client";
import { createGuardedAgent } from "@/lib/gateway/dispatcher";
import { checkBaseUrl } from "@/lib/gateway/upstream-guard";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/runtime/shutdown";
import { currentAllowlist } from "@/lib/services/upstream-allowlist";

// Budget events (threshold crossings, blocks) are written by the log writer; this posts them to the team's
// webhook, if it has one, at least once (marked sent only after a 2xx; retried on the next tick for a day).
// The URL passes the same SSRF guard as provider URLs, at connect time too, and redirects are not followed.

export async function deliverBudgetAlerts(now = new Date()): Promise<number> {
  const pending = await prisma.budgetEvent.findMany({
    where: { webhookSentAt: null, createdAt: { gt: new Date(now.getTime() - 24 * 3600_000) }, team: { budgetWebhookUrl: { not: null } } },
    select: { id: true, kind: true, thresholdPct: true, spentUsd: true, limitUsd: true, periodStart: true, scope: true, scopeId: true, createdAt: true, team: { select: { id: true, name: true, slug: true, budgetWebhookUrl: true } } },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  if (pending.length === 0) return 0;
  const allow = await currentAllowlist();
  let sent = 0;
  for (const e of pending) {
    const url = e.team.budgetWebhookUrl!;
    if (!checkBaseUrl(url.replace(/\?.*$/, ""), allow).ok) continue;
    const payload = {
      type: e.kind === "blocked" ? "budget.blocked" : "budget.threshold",
      team: { id: e.team.id, name: e.team.name, slug: e.team.slug },
      scope: e.scope,
      scopeId: e.scopeId,
      period: e.periodStart.toISOString().slice(0, 7),
      thresholdPct: e.thresholdPct,
      spentUsd: Number(e.spentUsd),
      limitUsd: Number(e.limitUsd),
      at: e.createdAt.toISOString(),
      text: e.kind === "blocked" ? `Switchyard: ${e.team.name} reached its monthly budget of $${Number(e.limitUsd).toFixed(2)}; requests are refused.` : `Switchyard: ${e.team.name} has used ${e.thresholdPct}% of its monthly budget ($${Number(e.spentUsd).toFixed(2)} of $${Number(e.limitUsd).toFixed(2)}).`,
    };
    const agent = createGuardedAgent(url, { connectTimeoutMs: 5000, firstByteTimeoutMs: 5000, idleTimeoutMs: 5000 }, allow);
    try {
      const res = await request(url, { method: "POST", headers: { "content-type": "application/json", "user-agent": "Switchyard-Budget-Alerts" }, body: JSON.stringify(payload), dispatcher: agent });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) {
        await prisma.budgetEvent.update({ where: { id: e.id }, data: { webhookSentAt: new Date() } });
        sent++;
      }
    } catch (err) {
      logger.warn("budget alert webhook failed", { team: e.team.slug, error: (err as Error).message });
    } finally {
      void agent.close();
    }
  }
  return sent;
}

let timer: NodeJS.Timeout | null = null;
export function startBudgetAlerts(everyMs = 5000): void {
  if (timer) return;
  timer = setInterval(() => void deliverBudgetAlerts().catch(() => {}), everyMs);
  timer.unref();
  registerShutdownHook("budget-alerts", () => {
    if (timer) clearInterval(timer);
    timer = null;
  });
}

/**
 * Swap transitions (proposed, approved, canary steps, completed, rejected, rolled back) go to the same team alert
 * webhook as budget alerts, best effort: one try, after the transition committed (the audit log has them all).
 */
export async function notifySwap(proposalId: string): Promise<boolean> {
  const p = await prisma.swapProposal.findUnique({
    where: { id: proposalId },
    select: { id: true, task: true, fromModel: true, toModel: true, status: true, canarySteps: true, canaryStepIndex: true, team: { select: { id: true, name: true, slug: true, budgetWebhookUrl: true } }, events: { orderBy: { createdAt: "desc" }, take: 1, select: { note: true, actor: true, createdAt: true } } },
  });
  const url = p?.team.budgetWebhookUrl;
  if (!p || !url) return false;
  const allow = await currentAllowlist();
  if (!checkBaseUrl(url.replace(/\?.*$/, ""), allow).ok) return false;
  const last = p.events[0];
  const payload = {
    type: `swap.${p.status}`,
    team: { id: p.team.id, name: p.team.name, slug: p.team.slug },
    swap: { id: p.id, task: p.task, fromModel: p.fromModel, toModel: p.toModel, status: p.status, percent: p.status === "completed" ? 100 : p.status === "canary" ? (p.canarySteps[p.canaryStepIndex] ?? 100) : 0 },
    actor: last?.actor ?? null,
    note: last?.note ?? null,
    at: (last?.createdAt ?? new Date()).toISOString(),
    text: `Switchyard: ${p.team.name} / ${p.task}: swap ${p.fromModel} -> ${p.toModel} is ${p.status.replace("_", " ")}${last?.note ? ` (${last.note})` : ""}.`,
  };
  const agent = createGuardedAgent(url, { connectTimeoutMs: 5000, firstByteTimeoutMs: 5000, idleTimeoutMs: 5000 }, allow);
  try {
    const res = await request(url, { method: "POST", headers: { "content-type": "application/json", "user-agent": "Switchyard-Alerts" }, body: JSON.stringify(payload), dispatcher: agent });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch (err) {
    logger.warn("swap notification failed", { team: p.team.slug, error: (err as Error).message });
    return false;
  } finally {
    void agent.close();
  }
}
