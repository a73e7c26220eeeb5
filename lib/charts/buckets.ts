// UTC time buckets for spend charts: the API buckets by UTC hour/day/month, and so do the charts, so a bar always
// means the same period in the API, the chart, the statement and the CSV, whatever the viewer's time zone.

export type Interval = "hour" | "day" | "month";

const HOUR_MS = 3_600_000;

export function truncUtc(d: Date, interval: Interval): Date {
  if (interval === "hour") return new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
  if (interval === "day") return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

export function nextBucket(d: Date, interval: Interval): Date {
  if (interval === "hour") return new Date(d.getTime() + HOUR_MS);
  if (interval === "day") return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Every bucket start (ISO) overlapping [from, to), the first truncated down; at most `max` (a guard, not a limit the API reaches). */
export function bucketStarts(from: string | Date, to: string | Date, interval: Interval, max = 5000): string[] {
  const end = new Date(to).getTime();
  const out: string[] = [];
  for (let b = truncUtc(new Date(from), interval); b.getTime() < end && out.length < max; b = nextBucket(b, interval)) out.push(b.toISOString());
  return out;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Short UTC label for an axis tick or tooltip: "14:00" / "Mar 5, 14:00" (hour), "Mar 5" (day), "Mar 2026" (month). */
export function bucketLabel(iso: string, interval: Interval, { withDate = true }: { withDate?: boolean } = {}): string {
  const d = new Date(iso);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (interval === "month") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (interval === "day") return day;
  const hh = `${String(d.getUTCHours()).padStart(2, "0")}:00`;
  return withDate ? `${day}, ${hh}` : hh;
}
