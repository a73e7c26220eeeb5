// The one way the browser talks to /api/v1: JSON in, JSON out, and every non-2xx becomes an ApiError that
// forms can map back to their fields.

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;
  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId ?? null;
  }

  /** Field messages keyed by dotted path ("rules.0.models.1"): from a 400's issue list, or a 422 naming a path. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const add = (path: unknown, message: unknown) => {
      if (typeof path === "string" && path && typeof message === "string" && !(path in out)) out[path] = message;
    };
    if (Array.isArray(this.details)) {
      for (const item of this.details) add((item as FieldIssue)?.path, (item as FieldIssue)?.message);
    } else if (this.details && typeof this.details === "object") {
      const d = this.details as { path?: unknown; field?: unknown };
      add(d.path ?? d.field, this.message);
    }
    return out;
  }
}

type JsonInit = Omit<RequestInit, "body"> & { body?: unknown };

/** fetch() for the JSON API. Bodies are serialised and sent with content-type: application/json (the server's
 * CSRF check wants it on every mutation); 204 and empty bodies resolve to undefined. */
export async function fetchJson<T>(url: string, { body, headers, ...init }: JsonInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      cache: "no-store",
      ...init,
      headers: { accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown; requestId?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? "http_error", error?.message ?? defaultMessage(res.status), error?.details, error?.requestId);
  }
  return parsed as T;
}

function defaultMessage(status: number): string {
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 403) return "Your role does not allow this.";
  if (status === 404) return "Not found. It may have been deleted.";
  if (status >= 500) return `The server failed (HTTP ${status}). Try again.`;
  return `Request failed (HTTP ${status}).`;
}

/** A message for a toast from anything a mutation may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong. Try again.";
}

/** `?a=1&b=x` from a params object, skipping empty values. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}
