// CSRF defence for cookie-authenticated mutations: the browser's Origin (or, failing that, Sec-Fetch-Site) must
// say the request comes from our own origin. SameSite=Lax cookies already stop most cross-site posts; this also
// covers same-site subdomains and old browsers. Admin-token requests carry no cookie and are exempt.

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteMutation(method: string, headers: Headers, publicOrigin: string | null): boolean {
  if (SAFE.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin && origin !== "null") {
    const host = headers.get("x-forwarded-host") ?? headers.get("host");
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return true;
    }
    if (publicOrigin && origin === publicOrigin) return false;
    return !host || originHost !== host;
  }
  // No Origin: only a browser's same-origin fetch (Sec-Fetch-Site: same-origin) passes.
  return headers.get("sec-fetch-site") !== "same-origin";
}
