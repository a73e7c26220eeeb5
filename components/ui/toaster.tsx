"use client";

import { useSyncExternalStore } from "react";
import { Toaster as Sonner } from "sonner";
import { currentTheme, subscribeTheme } from "@/components/theme/theme";

const serverTheme = () => "light" as const;

/** Sonner's toaster following our light/dark class. Use `toast.success()` / `toast.error()` from "sonner". */
export function Toaster() {
  const theme = useSyncExternalStore(subscribeTheme, currentTheme, serverTheme);
  return <Sonner theme={theme} position="bottom-right" richColors closeButton duration={5000} />;
}
