"use client";

import { useSession } from "next-auth/react";
import { can, type Scope } from "@/lib/auth/permissions";

/** Client-side mirror of assertCan() for hiding controls; the server still checks every request. */
export function useCan(scope: Scope): boolean {
  const { data } = useSession();
  return can(data?.user?.role, scope);
}
