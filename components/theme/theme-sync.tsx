"use client";

import { useEffect } from "react";
import { applyTheme, DARK_QUERY, storedTheme, systemTheme, THEME_STORAGE_KEY } from "@/components/theme/theme";

/** Keeps <html class="dark"> in step with the OS (when no choice is stored) and with choices made in other tabs. */
export function ThemeSync() {
  useEffect(() => {
    const sync = () => applyTheme(storedTheme() ?? systemTheme());
    const media = window.matchMedia(DARK_QUERY);
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key === THEME_STORAGE_KEY) sync();
    };
    media.addEventListener("change", sync);
    window.addEventListener("storage", onStorage);
    return () => {
      media.removeEventListener("change", sync);
      window.removeEventListener("storage", onStorage);
    };
  }, []);
  return null;
}
