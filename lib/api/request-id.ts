import crypto from "node:crypto";

/** "req_" + 24 hex chars; unique per request, used in logs, error bodies and the request log's primary key. */
export function newRequestId(): string {
  return `req_${crypto.randomBytes(12).toString("hex")}`;
}
