"use client";

import { useSession } from "next-auth/react";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formatUsd } from "@/components/ui/format";
import { Label } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useCan } from "@/lib/auth/use-can";
import { ApiError, errorMessage } from "@/lib/queries/fetch-json";
import { useSwapAction, type Swap, type SwapAction } from "@/lib/queries/swaps";

type ActionSpec = { action: SwapAction; label: string; title: string; confirmLabel: string; tone: "primary" | "danger"; done: string; description: ReactNode };

/** Approve / co-sign / reject / roll back, each behind a confirmation with an optional reason. Shown only to roles
 * that hold the scope (the server checks again, including the two-person rule). */
export function SwapActions({ swap: s }: { swap: Swap }) {
  const canApprove = useCan("swaps:approve");
  const canCosign = useCan("swaps:cosign");
  const { data: session } = useSession();
  const [open, setOpen] = useState<ActionSpec | null>(null);

  const undecided = s.status === "proposed" || s.status === "approved";
  const firstStep = s.canarySteps[0] ?? 100;
  const steps = `${s.canarySteps.join("% → ")}%`;
  const isApprover = Boolean(s.approvedBy && session?.user?.email && s.approvedBy === session.user.email);

  const specs: (ActionSpec & { show: boolean; disabledReason?: string })[] = [
    {
      show: canApprove && undecided && !s.approvedBy,
      action: "approve",
      label: "Approve and start canary",
      title: "Approve this swap?",
      confirmLabel: s.needsFinanceCosign ? "Approve" : "Approve and start canary",
      tone: "primary",
      done: s.needsFinanceCosign ? "Approved: waiting for the finance co-signature" : `Approved: the canary starts at ${firstStep}%`,
      description: s.needsFinanceCosign ? (
        <>
          Projected savings of {formatUsd(s.projectedMonthlySavingsUsd)}/month are above the co-sign threshold: the canary starts once someone from finance co-signs (not you).
        </>
      ) : (
        <>
          The routing rule for <strong className="text-fg">{s.task}</strong> changes now: <strong className="text-fg">{s.toModel}</strong> gets {firstStep}% of the traffic, then {steps} as graded samples
          hold up. A drop in accuracy or a spike in errors rolls it back by itself.
        </>
      ),
    },
    {
      show: canCosign && undecided && s.needsFinanceCosign,
      disabledReason: isApprover ? "You approved this swap; someone else must co-sign (two-person rule)." : undefined,
      action: "cosign",
      label: "Co-sign",
      title: "Co-sign this swap?",
      confirmLabel: s.approvedBy ? "Co-sign and start canary" : "Co-sign",
      tone: "primary",
      done: s.approvedBy ? `Co-signed: the canary starts at ${firstStep}%` : "Co-signed: waiting for an admin's approval",
      description: (
        <>
          Finance co-signature for projected savings of {formatUsd(s.projectedMonthlySavingsUsd)}/month.{" "}
          {s.approvedBy ? `${s.approvedBy} has approved: the canary starts at ${firstStep}% when you co-sign.` : "The canary starts once an admin approves too."}
        </>
      ),
    },
    {
      show: canApprove && undecided,
      action: "reject",
      label: "Reject",
      title: "Reject this swap?",
      confirmLabel: "Reject",
      tone: "danger",
      done: "Proposal rejected",
      description: <>Routing stays as it is. The same candidate is not proposed again for this task for 7 days.</>,
    },
    {
      show: canApprove && (s.status === "canary" || s.status === "completed"),
      action: "rollback",
      label: "Roll back",
      title: "Roll back this swap?",
      confirmLabel: "Roll back",
      tone: "danger",
      done: `Rolled back: ${s.task} is served as before`,
      description: (
        <>
          The routing rule for <strong className="text-fg">{s.task}</strong> is restored to what it was before the canary; {s.toModel} stops serving this task{" "}
          {s.status === "canary" ? `(it has ${s.currentPercent}% now)` : "(it serves all of it now)"}.
        </>
      ),
    },
  ];
  const visible = specs.filter((x) => x.show);

  // The dialog stays mounted when its own action hides every button (a co-sign that starts the canary).
  return (
    <>
      {visible.map((x) => (
        <Button
          key={x.action}
          variant={x.tone === "danger" ? "danger" : x.action === "approve" || !visible.some((v) => v.action === "approve") ? "primary" : "secondary"}
          onClick={() => setOpen(x)}
          disabled={Boolean(x.disabledReason)}
          title={x.disabledReason}
        >
          {x.label}
        </Button>
      ))}
      {open && <ReasonDialog swapId={s.id} spec={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ReasonDialog({ swapId, spec, onClose }: { swapId: string; spec: ActionSpec; onClose: () => void }) {
  const id = useId();
  const mutation = useSwapAction();
  const [reason, setReason] = useState("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // mutateAsync, not mutate(..., callbacks): the outcome is reported even if this dialog unmounts meanwhile.
    try {
      await mutation.mutateAsync({ id: swapId, action: spec.action, reason: reason.trim() || undefined });
      toast.success(spec.done);
      onClose();
    } catch (err) {
      toast.error(`Could not ${spec.label.toLowerCase()}`, { description: errorMessage(err) });
      // 409: the proposal moved on meanwhile (another reviewer, the canary controller); the page now shows it.
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) onClose();
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={spec.title}
      size="sm"
      dismissible={!mutation.isPending}
      onSubmit={(event) => void submit(event)}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending} className={spec.tone === "danger" ? "bg-danger text-white hover:bg-danger/90 dark:text-zinc-950" : undefined}>
            {spec.confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm text-muted">
        <p>{spec.description}</p>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-reason`}>
            Reason <span className="font-normal text-muted">(optional)</span>
          </Label>
          <Textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={3} placeholder="Recorded in the timeline and the audit log" />
        </div>
      </div>
    </Dialog>
  );
}
