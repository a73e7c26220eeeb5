import { SESSION_MAX_AGE_S } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { ALLOWLIST_KEY, getSetting, putSetting, readUpstreamAllowlistSetting } from "@/lib/db/settings";
import { AppError } from "@/lib/api/errors";
import { getSwapPolicy } from "@/lib/services/swaps";
import { env } from "@/lib/env";
import type { SettingsInput, SettingsOutput } from "@/lib/schemas/settings";
import { recordAudit } from "@/lib/services/audit";
import { auditBy, type Caller } from "@/lib/services/context";

export async function getSettings(): Promise<SettingsOutput> {
  const e = env();
  return {
    upstreamAllowlist: await readUpstreamAllowlistSetting(),
    judgeModel: (await getSetting<string>("accuracy.judgeModel")) || null,
    swapPolicy: await getSwapPolicy(),
    environment: {
      upstreamAllowlist: e.SWITCHYARD_UPSTREAM_ALLOWLIST.split(",").map((s) => s.trim()).filter(Boolean),
      demoMode: e.demo,
      secureCookies: e.SWITCHYARD_SECURE_COOKIES,
      sessionMaxAgeHours: SESSION_MAX_AGE_S / 3600,
      ssoEnabled: e.oidcEnabled,
      adminTokenEnabled: Boolean(e.SWITCHYARD_ADMIN_TOKEN),
    },
  };
}

export async function updateSettings(c: Caller, input: SettingsInput): Promise<SettingsOutput> {
  if (input.upstreamAllowlist) {
    const before = await readUpstreamAllowlistSetting();
    const next = [...new Set(input.upstreamAllowlist)];
    await prisma.$transaction(async (tx) => {
      await putSetting(ALLOWLIST_KEY, next, tx);
      await recordAudit(auditBy(c, { action: "settings.update", resourceType: "setting", resourceId: ALLOWLIST_KEY, before: { upstreamAllowlist: before }, after: { upstreamAllowlist: next } }), tx);
    });
  }
  if (input.judgeModel !== undefined) {
    if (input.judgeModel !== null && !(await prisma.model.findFirst({ where: { name: input.judgeModel }, select: { id: true } }))) {
      throw new AppError("unprocessable", `judgeModel: no model named "${input.judgeModel}"`, [{ path: "judgeModel", message: `No model named "${input.judgeModel}"` }]);
    }
    const before = await getSetting<string>("accuracy.judgeModel");
    await prisma.$transaction(async (tx) => {
      await putSetting("accuracy.judgeModel", input.judgeModel ?? "", tx);
      await recordAudit(auditBy(c, { action: "settings.update", resourceType: "setting", resourceId: "accuracy.judgeModel", before: { judgeModel: before }, after: { judgeModel: input.judgeModel } }), tx);
    });
  }
  if (input.swapPolicy) {
    const before = await getSwapPolicy();
    const next = { ...before, ...input.swapPolicy };
    if (next.canarySteps.some((x, i) => i > 0 && x <= next.canarySteps[i - 1]!)) {
      throw new AppError("unprocessable", "swapPolicy.canarySteps: steps must increase", [{ path: "swapPolicy.canarySteps", message: "Steps must increase, e.g. 5, 25, 50, 100" }]);
    }
    await prisma.$transaction(async (tx) => {
      await putSetting("swaps.policy", next, tx);
      await recordAudit(auditBy(c, { action: "settings.update", resourceType: "setting", resourceId: "swaps.policy", before, after: next }), tx);
    });
  }
  return getSettings();
}
