"use client";

import type { ReactNode } from "react";
import { ModalHeader, useNativeModal } from "@/components/ui/dialog";

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
  const { ref, close, titleId } = useNativeModal(onClose);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={close}
      onClick={(e) => {
        if (e.target === e.currentTarget) close();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 flex h-dvh max-h-dvh w-full max-w-lg flex-col border-l border-border bg-surface p-0 text-fg shadow-2xl backdrop:bg-zinc-950/40 [&:not([open])]:hidden"
    >
      <ModalHeader titleId={titleId} title={title} description={description} onClose={close} truncateDescription />
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">{children}</div>
    </dialog>
  );
}
