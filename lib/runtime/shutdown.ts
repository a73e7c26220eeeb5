// Shutdown hooks shared between the launcher and code bundled by Next (separate module instances, one process):
// the registry lives on globalThis. Hooks run in registration order, each bounded by the launcher's deadline.
type Hook = { name: string; run: (remainingMs: number) => Promise<void> | void };
const g = globalThis as unknown as { __switchyardShutdownHooks?: Hook[] };

export function registerShutdownHook(name: string, run: Hook["run"]): void {
  g.__switchyardShutdownHooks ??= [];
  if (!g.__switchyardShutdownHooks.some((h) => h.name === name)) g.__switchyardShutdownHooks.push({ name, run });
}

/** Runs every hook in order; each gets the time left before `deadlineAt`. */
export async function runShutdownHooks(log: (line: string) => void, deadlineAt: number): Promise<void> {
  for (const hook of g.__switchyardShutdownHooks ?? []) {
    try {
      await hook.run(Math.max(0, deadlineAt - Date.now()));
    } catch (err) {
      log(`shutdown hook ${hook.name} failed: ${(err as Error).message}`);
    }
  }
}
