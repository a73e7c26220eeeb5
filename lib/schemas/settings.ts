import { z } from "zod";
import { swapPolicy } from "@/lib/schemas/swaps";

// Shared with the browser (forms), so no node:net here: a syntactic check; the server parses entries again.
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*$/;

function validCidr(entry: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (!m) return true;
  const bits = Number(m[2]);
  if (IPV4.test(m[1]!)) return bits <= 32;
  return IPV6.test(m[1]!) && bits <= 128;
}

/** "vllm.internal", "10.0.0.5:8000", "10.0.0.0/8", "fd00::/8". */
const allowlistEntry = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(255)
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:.]+)(:\d{1,5}|\/\d{1,3})?$/, "Use a host, host:port or CIDR such as 10.0.0.0/8")
  .refine(validCidr, "A CIDR needs an IP address and a prefix length of at most 32 (IPv4) or 128 (IPv6)");

export const settingsInput = z
  .object({
    upstreamAllowlist: z.array(allowlistEntry).max(100),
    /** The model LLM-as-judge grading goes to (shadow evaluation, judge-graded eval sets); null turns judging off. */
    judgeModel: z.string().trim().min(1).max(100).nullable(),
    /** When swaps are proposed and how canaries ramp; omitted fields keep their current values. */
    swapPolicy: swapPolicy.partial(),
  })
  .partial()
  .strict();
export type SettingsInput = z.infer<typeof settingsInput>;

export const settingsOutput = z.object({
  upstreamAllowlist: z.array(z.string()),
  judgeModel: z.string().nullable(),
  swapPolicy: swapPolicy,
  /** Read-only: from the environment, shown so admins know what is in force. */
  environment: z.object({
    upstreamAllowlist: z.array(z.string()),
    demoMode: z.boolean(),
    secureCookies: z.boolean(),
    sessionMaxAgeHours: z.number(),
    ssoEnabled: z.boolean(),
    adminTokenEnabled: z.boolean(),
  }),
});
export type SettingsOutput = z.infer<typeof settingsOutput>;
