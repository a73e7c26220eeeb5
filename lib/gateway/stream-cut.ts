// Shutdown past its drain window: every stream still running must end with an SSE error event in its client's
// protocol (never a clean end, never a bare connection reset) and a log row that says so (RELIABILITY.md 4 and 9).
// The engine registers one cut per live stream and drops it when the stream finishes; the launcher cuts them all.
// The set lives on globalThis: the launcher and code bundled by Next are separate module instances in one process.
type Cut = (message: string) => void;
const g = globalThis as unknown as { __switchyardStreamCuts?: Set<Cut> };
const cuts = () => (g.__switchyardStreamCuts ??= new Set());

/** Registers a live stream's cut; returns the function that unregisters it. */
export function registerStreamCut(cut: Cut): () => void {
  const set = cuts();
  set.add(cut);
  return () => void set.delete(cut);
}

/** Cuts every live stream with `message`; returns how many there were. */
export function cutStreams(message: string): number {
  const list = [...cuts()];
  cuts().clear();
  for (const cut of list) cut(message);
  return list.length;
}
