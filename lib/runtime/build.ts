import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

/** A fingerprint of everything `next build` compiles: sizes and mtimes, cheap enough to check on every start. */
export function sourceFingerprint(root: string): string {
  const h = crypto.createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (!SKIP.has(name) && !name.endsWith(".test.ts")) walk(path.join(p, name));
    } else {
      h.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const i of INPUTS) walk(path.join(root, i));
  return h.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "switchyard-fingerprint");

export function buildIsCurrent(root: string): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  const stamp = stampFile(root);
  return fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceFingerprint(root);
}

export function markBuilt(root: string): void {
  fs.writeFileSync(stampFile(root), sourceFingerprint(root));
}
