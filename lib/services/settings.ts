import { SESSION_MAX_AGE_S } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { ALLOWLIST_KEY, putSetting, readUpstreamAllowlistSetting } from "@/lib/db/settings";
import { env } from "@/lib/env";
import type { SettingsInput, SettingsOutput } from "@/lib/schemas/settings";
import { recordAudit } from "@/lib/services/audit";
import { auditBy, type Caller } from "@/lib/services/context";

export async function getSettings(): Promise<SettingsOutput> {
  const e = env();
  return {
    upstreamAllowlist: await readUpstreamAllowlistSetting(),
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
  return getSettings();
}
