"use client";

import { useEffect, useId, useLayoutEffect, useRef, type FormEvent, type ReactNode } from "react";
import { CloseIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

const widths = { sm: "max-w-md", md: "max-w-lg", lg: "max-w-2xl", xl: "max-w-4xl" } as const;

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row at the bottom; inside the form when onSubmit is given, so a submit button submits it. */
  footer?: ReactNode;
  /** Makes body + footer one <form noValidate>: Enter in a field submits. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  size?: keyof typeof widths;
  /** false: Escape and the backdrop do not close it (while a request is in flight). */
  dismissible?: boolean;
};

/**
 * A modal on the native <dialog> (showModal): the browser makes the page behind inert, moves focus inside,
 * closes on Escape and puts it in the top layer. Content mounts only while open, so forms start fresh each time.
 */
export function Dialog(props: DialogProps) {
  if (!props.open) return null;
  return <DialogPanel {...props} />;
}

function DialogPanel({ onClose, title, description, children, footer, onSubmit, size = "md", dismissible = true }: DialogProps) {
  const { ref, close, titleId } = useNativeModal(onClose);
  const descriptionId = useId();
  const downOnBackdrop = useRef(false);

  const body = (
    <>
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">{children}</div>
      {footer && <div className="flex flex-wrap items-center justify-end gap-2 border-t border-border bg-canvas/60 px-6 py-3.5">{footer}</div>}
    </>
  );

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Escape: the native close follows (and onClose below) unless a request is in flight.
        if (!dismissible) event.preventDefault();
      }}
      onClose={close}
      onMouseDown={(event) => {
        downOnBackdrop.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        // A click on the ::backdrop targets the <dialog> itself; a drag that started inside does not count.
        if (dismissible && downOnBackdrop.current && event.target === event.currentTarget) close();
      }}
      className={cn(
        "m-auto flex max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] flex-col overflow-hidden rounded-xl border border-border bg-surface p-0 text-fg shadow-2xl",
        "backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[1px] open:flex [&:not([open])]:hidden",
        widths[size],
      )}
    >
      <ModalHeader titleId={titleId} title={title} description={description} descriptionId={descriptionId} onClose={close} disabled={!dismissible} />
      {onSubmit ? (
        <form noValidate onSubmit={onSubmit} className="flex min-h-0 flex-1 flex-col">
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}

/**
 * The lifecycle shared by modal surfaces on the native <dialog> (Dialog, the spend Drawer): showModal() before the
 * first paint (so the panel never flashes inline), close and return focus to the opener on unmount, and a `close`
 * that always calls the latest onClose.
 */
export function useNativeModal(onClose: () => void) {
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
      // Back to the button that opened it, when that button is still on the page.
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return { ref, titleId, close: () => onCloseRef.current() };
}

/** Title, optional description and the close button of a modal surface. */
export function ModalHeader({
  titleId,
  title,
  description,
  descriptionId,
  onClose,
  disabled = false,
  truncateDescription = false,
}: {
  titleId: string;
  title: ReactNode;
  description?: ReactNode;
  descriptionId?: string;
  onClose: () => void;
  disabled?: boolean;
  truncateDescription?: boolean;
}) {
  return (
    <div className="flex items-start justify-between gap-4 border-b border-border px-6 py-4">
      <div className="min-w-0">
        <h2 id={titleId} className="text-base font-semibold text-fg">
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className={cn("mt-1 text-sm text-muted", truncateDescription && "truncate")}>
            {description}
          </p>
        )}
      </div>
      <button
        type="button"
        onClick={onClose}
        disabled={disabled}
        aria-label="Close"
        className="-mr-2 inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg disabled:opacity-50"
      >
        <CloseIcon className="size-4" />
      </button>
    </div>
  );
}

/** The footer of a form dialog: Cancel, then the submit button, both held while the request is in flight. */
export function FormDialogFooter({ onCancel, pending, submitLabel }: { onCancel: () => void; pending: boolean; submitLabel: ReactNode }) {
  return (
    <>
      <Button variant="ghost" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" loading={pending}>
        {submitLabel}
      </Button>
    </>
  );
}
