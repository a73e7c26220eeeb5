"use client";

import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from "react";
import { CloseIcon } from "@/components/icons";

/** A side sheet on the native <dialog> (showModal: focus trap, Escape, top layer), like components/ui/dialog but
 * docked to the right edge for details beside a list. Content mounts only while open. */
export function Drawer({ open, onClose, title, description, children }: { open: boolean; onClose: () => void; title: ReactNode; description?: ReactNode; children: ReactNode }) {
  if (!open) return null;
  return (
    <DrawerPanel onClose={onClose} title={title} description={description}>
      {children}
    </DrawerPanel>
  );
}

function DrawerPanel({ onClose, title, description, children }: { onClose: () => void; title: ReactNode; description?: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={() => onCloseRef.current()}
      onClick={(e) => {
        if (e.target === e.currentTarget) onCloseRef.current();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 flex h-dvh max-h-dvh w-full max-w-lg flex-col border-l border-border bg-surface p-0 text-fg shadow-2xl backdrop:bg-zinc-950/40 [&:not([open])]:hidden"
    >
      <div className="flex items-start justify-between gap-4 border-b border-border px-6 py-4">
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold text-fg">
            {title}
          </h2>
          {description && <p className="mt-1 truncate text-sm text-muted">{description}</p>}
        </div>
        <button
          type="button"
          onClick={() => onCloseRef.current()}
          aria-label="Close"
          className="-mr-2 inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
        >
          <CloseIcon className="size-4" />
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">{children}</div>
    </dialog>
  );
}
