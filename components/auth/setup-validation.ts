import { z } from "zod";

export type SetupFormValues = { name: string; email: string; password: string; confirm: string };
export type SetupField = keyof SetupFormValues;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024; // the sign-in form's server-side limit

const email = z.email();

/** Client-side checks before POST /api/setup; the server validates again. Returns problems in form order. */
export function validateSetup(values: SetupFormValues): { field: SetupField; message: string }[] {
  const problems: { field: SetupField; message: string }[] = [];
  if (!values.name.trim()) problems.push({ field: "name", message: "Enter your name." });
  if (!email.safeParse(values.email.trim()).success) problems.push({ field: "email", message: "Enter a valid email address." });
  if (values.password.length < MIN_PASSWORD_LENGTH)
    problems.push({ field: "password", message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters.` });
  else if (values.password.length > MAX_PASSWORD_LENGTH)
    problems.push({ field: "password", message: `Password must be at most ${MAX_PASSWORD_LENGTH} characters.` });
  if (values.confirm !== values.password) problems.push({ field: "confirm", message: "Passwords do not match." });
  return problems;
}
