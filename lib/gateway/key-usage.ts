import { touchKeysLastUsed } from "@/lib/db/gateway-config";
import { registerShutdownHook } from "@/lib/runtime/shutdown";

// last_used_at without a write per request: ids collect in a set, one UPDATE every FLUSH_MS.
const FLUSH_MS = 5000;

class KeyUsage {
  private ids = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  touch(id: string) {
    this.ids.add(id);
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  async flush() {
    if (this.ids.size === 0) return;
    const ids = [...this.ids];
    this.ids.clear();
    try {
      await touchKeysLastUsed(ids, new Date());
    } catch {
      for (const id of ids) this.ids.add(id); // database away: try again next time
    }
  }
}

const g = globalThis as unknown as { __switchyardKeyUsage?: KeyUsage };
export function keyUsage(): KeyUsage {
  if (!g.__switchyardKeyUsage) {
    const k = new KeyUsage();
    g.__switchyardKeyUsage = k;
    registerShutdownHook("key-last-used", () => k.flush());
  }
  return g.__switchyardKeyUsage;
}
