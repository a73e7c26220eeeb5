import dns from "node:dns";
import net from "node:net";
import { Agent } from "undici";
import { isAllowlisted, isPrivateAddress, type Allowlist } from "@/lib/gateway/upstream-guard";
import type { ProviderRuntime } from "@/lib/gateway/snapshot";

// One keep-alive connection pool per provider (and per timeout/allowlist settings). The three timeouts map to
// undici's: connect, headersTimeout (first byte), bodyTimeout (idle gap between body chunks). Redirects are
// never followed (undici.request has no redirect handling unless asked for). Every resolved address passes the
// SSRF guard inside the connect-time lookup.

export class UpstreamBlockedError extends Error {
  readonly code = "UPSTREAM_BLOCKED";
}

type LookupCb = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function guardedLookup(allow: Allowlist, port: string) {
  return (hostname: string, options: dns.LookupOptions, cb: LookupCb) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address) && !isAllowlisted(allow, hostname, port, a.address));
      if (bad) return cb(new UpstreamBlockedError(`${hostname} resolves to ${bad.address}, a private address not in the upstream allowlist`) as NodeJS.ErrnoException, "", 0);
      if (options.all) return cb(null, list);
      return cb(null, list[0]!.address, list[0]!.family);
    });
  };
}

const agents = new Map<string, Agent>();

type Timeouts = { connectTimeoutMs: number; firstByteTimeoutMs: number; idleTimeoutMs: number };

/** A connection pool whose every connect passes the SSRF guard (IP-literal hosts are checked right here). */
export function createGuardedAgent(baseUrl: string, t: Timeouts, allow: Allowlist): Agent {
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) !== 0 && isPrivateAddress(host) && !isAllowlisted(allow, host, port)) {
    throw new UpstreamBlockedError(`${host} is a private address not in the upstream allowlist`);
  }
  return new Agent({
    connect: { timeout: t.connectTimeoutMs, lookup: guardedLookup(allow, port) as never },
    headersTimeout: t.firstByteTimeoutMs,
    bodyTimeout: t.idleTimeoutMs,
    keepAliveTimeout: 30_000, // no connection cap: a queued request would wait with no timeout running
  });
}

/** Per snapshot object: the hot path finds its pool without building the key string on every request. */
const bySnapshotProvider = new WeakMap<ProviderRuntime, { allow: Allowlist; agent: Agent }>();

export function dispatcherFor(p: ProviderRuntime, allow: Allowlist, allowEntries: readonly string[]): Agent {
  const hit = bySnapshotProvider.get(p);
  if (hit && hit.allow === allow && !hit.agent.closed) return hit.agent;
  const key = `${p.id}|${p.baseUrl}|${p.connectTimeoutMs}|${p.firstByteTimeoutMs}|${p.idleTimeoutMs}|${allowEntries.join(",")}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = createGuardedAgent(p.baseUrl, p, allow);
    agents.set(key, agent);
    if (agents.size > 500) {
      const [oldest, a] = agents.entries().next().value as [string, Agent];
      agents.delete(oldest);
      void a.close();
    }
  }
  bySnapshotProvider.set(p, { allow, agent });
  return agent;
}
