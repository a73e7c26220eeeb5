import { env } from "@/lib/env";
import type { Snapshot } from "@/lib/gateway/snapshot";
import { parseAllowlist, type Allowlist } from "@/lib/gateway/upstream-guard";

const cache = new WeakMap<Snapshot, Allowlist>();

/** SWITCHYARD_UPSTREAM_ALLOWLIST + the admin setting (+ the demo upstream in demo mode), parsed once per snapshot. */
export function allowlistEntries(snapshot: Pick<Snapshot, "upstreamAllowlist">): string[] {
  const e = env();
  const entries = [...e.SWITCHYARD_UPSTREAM_ALLOWLIST.split(","), ...snapshot.upstreamAllowlist];
  if (e.demo) entries.push(`127.0.0.1:${e.SWITCHYARD_DEMO_UPSTREAM_PORT}`);
  return entries.map((s) => s.trim()).filter(Boolean);
}

export function allowlistFor(snapshot: Snapshot): Allowlist {
  let list = cache.get(snapshot);
  if (!list) {
    list = parseAllowlist(allowlistEntries(snapshot));
    cache.set(snapshot, list);
  }
  return list;
}
