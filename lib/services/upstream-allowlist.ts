import { readUpstreamAllowlistSetting } from "@/lib/db/settings";
import type { Db } from "@/lib/db/client";
import { allowlistEntries } from "@/lib/gateway/allowlist";
import { parseAllowlist, type Allowlist } from "@/lib/gateway/upstream-guard";

/** The allowlist in force right now (environment + admin setting + demo upstream), read fresh for admin actions. */
export async function currentAllowlist(db?: Db): Promise<Allowlist> {
  return parseAllowlist(allowlistEntries({ upstreamAllowlist: await readUpstreamAllowlistSetting(db) }));
}
