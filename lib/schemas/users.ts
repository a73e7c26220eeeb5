import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

export const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address"));
export const newPassword = z.string().min(12, "Password must be at least 12 characters").max(256);

export const setupInput = z.object({
  name: z.string().trim().max(120).optional(),
  email,
  password: newPassword,
});
export type SetupInput = z.infer<typeof setupInput>;

export const userCreateInput = z
  .object({ name: z.string().trim().max(120).optional(), email, password: newPassword, role: z.enum(ROLES) })
  .strict();

export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  disabledAt: z.date().nullable(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});

export const userListOutput = z.object({
  data: z.array(userOutput.extend({ disabledAt: z.iso.datetime().nullable(), lastLoginAt: z.iso.datetime().nullable(), createdAt: z.iso.datetime() })),
});
