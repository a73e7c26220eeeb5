"use client";

import { useState, type ReactNode } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage } from "@/lib/queries/fetch-json";

type ConfirmDialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  /** Runs the action; a throw keeps the dialog open with the server's message (e.g. a 409 naming what uses it). */
  onConfirm: () => Promise<unknown>;
};

/** "Are you sure?" for destructive actions. Closes itself on success. */
export function ConfirmDialog({ open, onClose, ...rest }: ConfirmDialogProps) {
  if (!open) return null;
  return <ConfirmPanel onClose={onClose} {...rest} />;
}

function ConfirmPanel({ onClose, title, description, children, confirmLabel, tone = "danger", onConfirm }: Omit<ConfirmDialogProps, "open">) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      size="sm"
      dismissible={!busy}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={tone === "danger" ? "danger" : "primary"} onClick={() => void confirm()} loading={busy} className={tone === "danger" ? "bg-danger text-white hover:bg-danger/90 dark:text-zinc-950" : undefined}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm text-muted">
        {description && <div>{description}</div>}
        {children}
        {error && <ErrorAlert>{error}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
