// Helpers for tests that talk to the demo upstream over HTTP (also usable by the gateway's own tests).

export interface SseEvent {
  event?: string;
  data: string;
}

/** Parses a complete SSE body into events (event name + joined data lines). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (block.trim() === "") continue;
    const ev: SseEvent = { data: "" };
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) ev.event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    ev.data = data.join("\n");
    events.push(ev);
  }
  return events;
}

/** POSTs JSON with the given headers and returns the response. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}

export const OPENAI_AUTH = { authorization: "Bearer sk-demo-test-key" };
export const ANTHROPIC_AUTH = { "x-api-key": "sk-ant-demo-test-key", "anthropic-version": "2023-06-01" };

/** Resolves "timeout" if the promise does not settle within ms. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
