import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/queries/fetch-json";

/** A failed load, with the server's message and a retry. */
export function QueryError({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  return (
    <ErrorAlert className="items-start">
      <p>
        Could not load {what}: {errorMessage(error)}
      </p>
      {onRetry && (
        <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
          Try again
        </Button>
      )}
    </ErrorAlert>
  );
}
