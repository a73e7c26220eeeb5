// Faults injected on demand into the demo upstream, for the gateway's reliability tests.

export const FAULT_TYPES = ["status", "rate_limit", "stall", "slow_first_byte", "reset"] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface Fault {
  /** Upstream model id the fault applies to; omitted = any request. */
  model?: string;
  type: FaultType;
  /** "status": HTTP status to answer with (default 500). */
  status?: number;
  /** Adds a retry-after header ("rate_limit" defaults to 1). */
  retryAfterSeconds?: number;
  /** "stall": stream this many SSE events, then go silent with the socket open (default 0: headers only). */
  afterChunks?: number;
  /** "slow_first_byte": extra delay before the response starts (default 5000), independent of latencyScale. */
  delayMs?: number;
  /** How many requests the fault applies to (default 1). */
  times?: number;
}

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, min: number) => typeof v === "number" && Number.isFinite(v) && v >= min;

/** Validates an untrusted fault (e.g. from POST /__control/faults); throws TypeError with the reason. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new TypeError("fault must be an object");
  const f = input as Record<string, unknown>;
  if (!FAULT_TYPES.includes(f.type as FaultType)) throw new TypeError(`fault.type must be one of ${FAULT_TYPES.join(", ")}`);
  if (f.model !== undefined && (typeof f.model !== "string" || f.model === "")) throw new TypeError("fault.model must be a non-empty string");
  if (f.status !== undefined && !isInt(f.status, 400, 599)) throw new TypeError("fault.status must be an integer 400-599");
  if (f.retryAfterSeconds !== undefined && !isNum(f.retryAfterSeconds, 0)) throw new TypeError("fault.retryAfterSeconds must be >= 0");
  if (f.afterChunks !== undefined && !isInt(f.afterChunks, 0)) throw new TypeError("fault.afterChunks must be an integer >= 0");
  if (f.delayMs !== undefined && !isNum(f.delayMs, 0)) throw new TypeError("fault.delayMs must be >= 0");
  if (f.times !== undefined && !isInt(f.times, 1)) throw new TypeError("fault.times must be an integer >= 1");
  const fault: Fault = { type: f.type as FaultType };
  for (const key of ["model", "status", "retryAfterSeconds", "afterChunks", "delayMs", "times"] as const) {
    if (f[key] !== undefined) (fault as unknown as Record<string, unknown>)[key] = f[key];
  }
  return fault;
}

export class FaultQueue {
  private queue: Array<Fault & { remaining: number }> = [];

  /** Appends faults; each request consumes the first one matching its model. */
  push(...faults: Fault[]): void {
    const parsed = faults.map(parseFault);
    for (const f of parsed) this.queue.push({ ...f, remaining: f.times ?? 1 });
  }

  /** Removes all pending faults; returns how many there were. */
  clear(): number {
    const n = this.queue.length;
    this.queue = [];
    return n;
  }

  get size(): number {
    return this.queue.length;
  }

  /** Pending faults, with `times` set to the remaining count. */
  list(): Fault[] {
    return this.queue.map(({ remaining, ...f }) => ({ ...f, times: remaining }));
  }

  /** Consumes one use of the first fault matching the request's model. */
  take(model: string | undefined): Fault | undefined {
    const i = this.queue.findIndex((f) => f.model === undefined || f.model === model);
    if (i < 0) return undefined;
    const f = this.queue[i]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.queue.splice(i, 1);
    const { remaining: _remaining, ...fault } = f;
    return fault;
  }
}
