"use client";

import { useSyncExternalStore } from "react";
import { MoonIcon, SunIcon } from "@/components/icons";
import { chooseTheme, currentTheme, subscribeTheme, type Theme } from "@/components/theme/theme";

// The server cannot know the theme; null renders a neutral placeholder until hydration reads the real one.
const serverSnapshot = (): Theme | null => null;

export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribeTheme, currentTheme, serverSnapshot);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      onClick={() => chooseTheme(next)}
      aria-label={theme ? `Switch to ${next} theme` : "Toggle theme"}
      title={theme ? `Switch to ${next} theme` : "Toggle theme"}
      className="inline-flex size-9 items-center justify-center rounded-md text-muted transition-colors hover:bg-subtle hover:text-fg"
    >
      {theme === "dark" ? <SunIcon className="size-[18px]" /> : <MoonIcon className="size-[18px]" />}
    </button>
  );
}
