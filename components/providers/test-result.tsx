import { AlertIcon, CheckIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatMs } from "@/components/ui/format";
import type { ProviderTestOutput } from "@/lib/schemas/providers";

const SHOWN_MODELS = 24;

/** The outcome of "Test connection": ok or failed, latency, the upstream's model list and the plain-language message. */
export function ProviderTestResult({ result }: { result: ProviderTestOutput }) {
  const extra = result.models.length - SHOWN_MODELS;
  return (
    <div
      role="status"
      aria-label="Connection test result"
      className={cn("rounded-lg border px-4 py-3 text-sm", result.ok ? "border-success/30 bg-success-soft" : "border-danger/30 bg-danger-soft")}
    >
      <div className={cn("flex flex-wrap items-center gap-x-3 gap-y-1 font-medium", result.ok ? "text-success" : "text-danger")}>
        <span className="inline-flex items-center gap-1.5">
          {result.ok ? <CheckIcon className="size-4" strokeWidth={2.25} /> : <AlertIcon className="size-4" />}
          {result.ok ? "Connection OK" : "Connection failed"}
        </span>
        {result.latencyMs !== null && <span className="font-normal tabular-nums text-muted">{formatMs(result.latencyMs)}</span>}
        {result.status !== null && <span className="font-normal tabular-nums text-muted">HTTP {result.status}</span>}
      </div>
      <p className="mt-1 text-fg">{result.message}</p>
      {result.models.length > 0 && (
        <div className="mt-3">
          <p className="text-xs font-medium text-muted">
            {result.models.length} model{result.models.length === 1 ? "" : "s"} available upstream
          </p>
          <ul aria-label="Upstream models" className="mt-1.5 flex flex-wrap gap-1.5">
            {result.models.slice(0, SHOWN_MODELS).map((m) => (
              <li key={m}>
                <Badge className="font-mono">{m}</Badge>
              </li>
            ))}
            {extra > 0 && (
              <li>
                <Badge>+{extra} more</Badge>
              </li>
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
