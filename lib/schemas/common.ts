import { z } from "zod";

// Building blocks shared by every control-plane contract (API handlers, forms, OpenAPI, tests).

export const id = z.string().trim().min(1).max(64);
export const name = (max = 120) => z.string().trim().min(1, "Required").max(max, `At most ${max} characters`);
export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1-48 lowercase letters, digits and dashes (not at the ends)");
export const task = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A task is 1-40 characters of a-z, 0-9, - or _");
/** Dollars as a JSON number with at most 6 decimals; money is NUMERIC in the database, never float. */
export const usd = z.number().finite().min(0, "Must be 0 or more").max(1e9, "Too large");
export const isoDate = z.coerce.date({ error: "Must be an ISO date-time" });

/** List endpoints: `?cursor=&limit=`. */
export const pageQuery = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});
