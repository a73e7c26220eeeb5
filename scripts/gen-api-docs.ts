// npm run docs:api - regenerates docs/control-plane.md from lib/api/contract.ts.
import fs from "node:fs";
import path from "node:path";
import { controlPlaneMarkdown } from "@/lib/api/docs";

const file = path.resolve(import.meta.dirname, "..", "docs", "control-plane.md");
fs.writeFileSync(file, controlPlaneMarkdown());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
