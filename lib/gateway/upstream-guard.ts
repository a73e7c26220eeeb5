import net from "node:net";

// SSRF guard for provider base URLs (LiteLLM CVE-2024-6587, Portkey CVE-2025-66405, Langfuse). Checked when a
// provider is saved, when it is tested, and at connect time through the dispatcher's DNS lookup (so DNS
// rebinding cannot slip a private address in after the check). Private hosts pass only via the allowlist.

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(addr, prefix, "ipv4");
for (const [addr, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96], ["2001:db8::", 32],
] as const) blocked.addSubnet(addr, prefix, "ipv6");

/** The IPv4 inside an IPv4-mapped/compatible IPv6 address (::ffff:7f00:1 -> 127.0.0.1), else null. */
function embeddedV4(ip: string): string | null {
  const m = /^::(?:ffff:)?(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "");
  const family = net.isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) {
    const v4 = embeddedV4(bare.toLowerCase());
    return v4 ? blocked.check(v4, "ipv4") : blocked.check(bare, "ipv6");
  }
  return true; // not an IP at all: refuse
}

export type Allowlist = { hosts: Set<string>; hostPorts: Set<string>; nets: net.BlockList };

/** Entries: "host", "host:port", "10.0.0.0/8", "fd00::/8". */
export function parseAllowlist(entries: readonly string[]): Allowlist {
  const list: Allowlist = { hosts: new Set(), hostPorts: new Set(), nets: new net.BlockList() };
  for (const raw of entries.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const cidr = /^(.+)\/(\d{1,3})$/.exec(raw);
    if (cidr && net.isIP(cidr[1]!)) {
      try {
        list.nets.addSubnet(cidr[1]!, Number(cidr[2]), net.isIP(cidr[1]!) === 6 ? "ipv6" : "ipv4");
      } catch {
        // An impossible prefix (10.0.0.0/99) allows nothing rather than breaking every request.
      }
    } else if (/^[^:\[\]]+:\d+$/.test(raw) || /^\[.+\]:\d+$/.test(raw)) list.hostPorts.add(raw);
    else list.hosts.add(raw.replace(/^\[|\]$/g, ""));
  }
  return list;
}

export function isAllowlisted(list: Allowlist, host: string, port: string | number | null, ip?: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (list.hosts.has(h) || (ip && list.hosts.has(ip))) return true;
  if (port !== null && (list.hostPorts.has(`${h}:${port}`) || (ip && list.hostPorts.has(`${ip}:${port}`)))) return true;
  const addr = ip ?? (net.isIP(h) ? h : null);
  if (addr) {
    const fam = net.isIP(addr) === 6 ? "ipv6" : "ipv4";
    if (list.nets.check(addr, fam)) return true;
    const v4 = fam === "ipv6" ? embeddedV4(addr) : null;
    if (v4 && list.nets.check(v4, "ipv4")) return true;
  }
  return false;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Static checks of a provider base URL (before any DNS): scheme, credentials, fragments, literal private IPs. */
export function checkBaseUrl(raw: string, allow: Allowlist): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: "only http and https are allowed" };
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed (put the key in the API key field)" };
  if (url.hash || raw.includes("#")) return { ok: false, reason: "fragments are not allowed" };
  if (url.search) return { ok: false, reason: "query strings are not allowed in a base URL" };
  // WHATWG parsing already turned decimal/octal/hex IPv4 forms (http://2130706433/) into dotted quads.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  if (host === "localhost" || host.endsWith(".localhost") || host === "metadata.google.internal") {
    if (!isAllowlisted(allow, host, port)) return { ok: false, reason: `${host} is a local address; add it to the upstream allowlist to use it` };
  }
  if (net.isIP(host) && isPrivateAddress(host) && !isAllowlisted(allow, host, port)) {
    return { ok: false, reason: `${host} is a private, loopback or link-local address; add it to the upstream allowlist to use it` };
  }
  return { ok: true, url };
}
