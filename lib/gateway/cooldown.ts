// Per-model circuit: after FAILS_TO_COOL consecutive retryable failures (or a 429), the model cools down and
// routing tries it last. In memory, per instance: a cooldown is a local observation of upstream health.

const FAILS_TO_COOL = 3;
const COOL_MS = 30_000;
const MAX_COOL_MS = 10 * 60_000;

export class Cooldowns {
  private fails = new Map<string, number>();
  private until = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  isCoolingDown = (modelId: string): boolean => {
    const t = this.until.get(modelId);
    if (t === undefined) return false;
    if (t <= this.now()) {
      this.until.delete(modelId);
      return false;
    }
    return true;
  };

  success(modelId: string) {
    this.fails.delete(modelId);
  }

  failure(modelId: string, retryAfterMs?: number) {
    const n = (this.fails.get(modelId) ?? 0) + 1;
    this.fails.set(modelId, n);
    // Retry-After is the upstream's word: bounded, so a hostile or buggy value cannot bench a model for years.
    if (retryAfterMs !== undefined) this.until.set(modelId, this.now() + Math.min(Math.max(retryAfterMs, 1000), MAX_COOL_MS));
    else if (n >= FAILS_TO_COOL) this.until.set(modelId, this.now() + COOL_MS);
  }
}

const g = globalThis as unknown as { __switchyardCooldowns?: Cooldowns };
export function cooldowns(): Cooldowns {
  g.__switchyardCooldowns ??= new Cooldowns();
  return g.__switchyardCooldowns;
}
