"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { SignOutIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
      className="px-2 sm:px-3"
    >
      {!pending && <SignOutIcon className="size-4" />}
      <span className="sr-only sm:not-sr-only">Sign out</span>
    </Button>
  );
}
