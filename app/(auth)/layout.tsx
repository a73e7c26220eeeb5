import type { ReactNode } from "react";
import { LogoIcon } from "@/components/icons";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <span className="mb-6 flex size-10 items-center justify-center rounded-xl bg-accent text-accent-fg shadow-sm" aria-hidden>
        <LogoIcon className="size-5" strokeWidth={2.25} />
      </span>
      <main className="w-full max-w-sm">{children}</main>
    </div>
  );
}
