/** "Data Extraction (EU)" -> "data-extraction-eu": a slug suggestion that passes the slug schema (1-48 chars). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

/** "50, 80, 100" -> [50, 80, 100]; anything that is not a number stays NaN so validation names it. */
export function parseThresholds(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim().replace(/%$/, ""))
    .filter(Boolean)
    .map(Number);
}
