import type { RequestHeaders } from "@/lib/gateway/lite-http";

// LiteLLM CVE-2024-6587 and its returns: a caller-supplied base URL sent the provider key to the caller's host,
// including via nested objects. The upstream URL comes only from the provider row; any such field -> 400.

const FORBIDDEN = new Set(["apibase", "baseurl", "apiurl", "apiendpoint"]);
const norm = (k: string) => k.toLowerCase().replace(/[-_\s]/g, "");
// Subtrees that are the caller's own data, never read by the gateway: JSON schemas of tools and response formats,
// and tool inputs in the history. A tool may well have an argument called base_url.
const OPAQUE = new Set(["parameters", "input_schema", "json_schema", "input", "arguments"]);

export const MAX_BODY_DEPTH = 32;

/** Path of the first forbidden key anywhere in the body (objects and arrays, any depth), else null. A body nested
 * deeper than MAX_BODY_DEPTH is refused as such: an unchecked level could hide a forbidden key. */
export function findForbiddenParam(value: unknown, path = "", depth = 0): string | null {
  if (value === null || typeof value !== "object") return null;
  if (depth > MAX_BODY_DEPTH) return `${path} (nested deeper than ${MAX_BODY_DEPTH} levels)`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenParam(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (FORBIDDEN.has(norm(k))) return p;
    if (OPAQUE.has(k) && depth > 0) continue;
    const hit = findForbiddenParam(v, p, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** A request header that tries to steer the upstream (x-api-base, base-url, x-litellm-api-base, ...). */
export function findForbiddenHeader(headers: RequestHeaders): string | null {
  for (const name of headers.keys()) {
    const n = norm(name);
    for (const f of FORBIDDEN) if (n.includes(f)) return name;
  }
  return null;
}
