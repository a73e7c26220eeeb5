import { keyring } from "@/lib/crypto/keyring";
import { loadGatewayConfigWithSecrets, readConfigVersion } from "@/lib/db/gateway-config";
import { buildSnapshot, type Snapshot } from "@/lib/gateway/snapshot";
import { logger } from "@/lib/logger";

// Versioned polling: every POLL_MS one tiny query reads config_version (bumped by triggers on every cached
// table); a change reloads the snapshot. Requests only ever read `current` — never the database. If the
// database goes away, the last snapshot keeps serving.

const POLL_MS = 500;

class GatewayConfigCache {
  current: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private timer: NodeJS.Timeout | null = null;

  /** The snapshot; only the very first request of a process waits for the initial load. */
  get(): Snapshot | Promise<Snapshot> {
    return this.current ?? this.loading ?? this.load();
  }

  /** Reads the config now. A load already under way may have read before the caller's change, so a caller
   * queues behind it and gets a fresh read of its own. */
  load(): Promise<Snapshot> {
    if (this.loading) {
      const queued = this.loading.catch(() => undefined).then(() => this.load());
      return queued;
    }
    this.loading = (async () => {
      try {
        const rows = await loadGatewayConfigWithSecrets();
        let ring = null;
        try {
          ring = keyring();
        } catch (err) {
          logger.warn("gateway: provider keys unavailable", { error: (err as Error).message });
        }
        this.current = buildSnapshot(rows, ring, Date.now(), (msg) => logger.warn(msg));
        this.startPolling();
        return this.current;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private startPolling() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  private async poll() {
    if (this.loading) return;
    try {
      const version = await readConfigVersion();
      if (this.current && version !== this.current.version) await this.load();
    } catch {
      // Database unavailable: keep serving the last snapshot.
    }
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

const g = globalThis as unknown as { __switchyardConfigCache?: GatewayConfigCache };
export function gatewayConfig(): GatewayConfigCache {
  g.__switchyardConfigCache ??= new GatewayConfigCache();
  return g.__switchyardConfigCache;
}
