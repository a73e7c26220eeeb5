/** Where next-auth may send the browser after sign-in/out: our own origin only (CVE-2022-31093 family:
 * `//evil.com`, `/\evil.com`, `https://evil.com`, `javascript:` all land on the dashboard instead). */
export function safeRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) {
    const resolved = new URL(url, base);
    if (resolved.origin === base.origin) return resolved.href;
  }
  try {
    const abs = new URL(url);
    if (abs.origin === base.origin) return abs.href;
  } catch {
    // not an absolute URL
  }
  return base.origin + "/";
}
