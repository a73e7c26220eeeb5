import { withSession } from "@/lib/api/handler";
import { settingsInput } from "@/lib/schemas/settings";
import { getSettings, updateSettings } from "@/lib/services/settings";

// GET /api/v1/settings - admin settings and the environment in force
export const GET = withSession({ scope: "settings:read" }, async () => getSettings());

// PUT /api/v1/settings - change the upstream allowlist (reaches every gateway instance within a second)
export const PUT = withSession({ scope: "settings:write", body: settingsInput }, async ({ actor, ip, body }) => updateSettings({ actor, ip }, body));
