"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useCan } from "@/lib/auth/use-can";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useRequestFeedback } from "@/lib/queries/feedback";

/** Good / bad verdict on one answer: feedback that feeds the accuracy charts and auto-routing for its model. */
export function RateAnswer({ requestId, model }: { requestId: string; model: string | null }) {
  const canRate = useCan("accuracy:write");
  const rate = useRequestFeedback(requestId);
  const [given, setGiven] = useState<number | null>(null);
  if (!canRate || !model) return null;
  const send = async (score: number) => {
    try {
      await rate.mutateAsync({ score, label: score >= 0.5 ? "good" : "bad" });
      setGiven(score);
      toast.success(`Feedback recorded for ${model}`);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };
  return (
    <section>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">Answer quality</h3>
      {given !== null ? (
        <p className="text-sm text-muted">Recorded: {given >= 0.5 ? "good" : "bad"} answer. It counts in {model}&apos;s accuracy for this task.</p>
      ) : (
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" loading={rate.isPending} onClick={() => void send(1)}>
            Good answer
          </Button>
          <Button size="sm" variant="secondary" disabled={rate.isPending} onClick={() => void send(0)}>
            Bad answer
          </Button>
        </div>
      )}
    </section>
  );
}
