"use client";

import { Fragment, useMemo, useState, type FormEvent } from "react";
import { AuditIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Button, buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { auditUrl, useAuditEvents, type AuditFilters } from "@/lib/queries/audit";
import { useTeams } from "@/lib/queries/teams";
import type { AuditEventOutput } from "@/lib/schemas/audit";

const RESOURCE_TYPES = ["provider", "model", "team", "api_key", "routing_policy", "setting", "user", "system"];
// The API matches actions by prefix, so "provider." finds every provider change.
const ACTIONS = [
  "provider.",
  "provider.create",
  "provider.update",
  "provider.delete",
  "model.",
  "model.create",
  "model.update",
  "model.price.add",
  "model.delete",
  "team.",
  "team.create",
  "team.update",
  "team.archive",
  "team.member.add",
  "team.member.remove",
  "team.key.create",
  "team.key.revoke",
  "routing.update",
  "settings.update",
  "user.create",
];
const COLUMNS = 6;

type FilterForm = { actor: string; resourceType: string; action: string; from: string; to: string };
const EMPTY: FilterForm = { actor: "", resourceType: "", action: "", from: "", to: "" };

/** Form values -> API filters; dates are whole days in the viewer's time zone. */
function toFilters(f: FilterForm): AuditFilters {
  return {
    actor: f.actor.trim() || undefined,
    resourceType: f.resourceType || undefined,
    action: f.action.trim() || undefined,
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
  };
}

export function AuditView() {
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [applied, setApplied] = useState<FilterForm>(EMPTY);
  const filters = useMemo(() => toFilters(applied), [applied]);
  const events = useAuditEvents(filters);
  const canTeams = useCan("teams:read");
  const teams = useTeams();
  const teamNames = useMemo(() => new Map((canTeams ? (teams.data ?? []) : []).map((t) => [t.id, t.name])), [teams.data, canTeams]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.values(applied).some(Boolean);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setApplied(form);
  }
  function toggle(id: string) {
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every control-plane change: who made it, when, and what changed. Secrets are redacted before they are stored."
        actions={
          <a href={auditUrl(filters, { format: "csv" })} download className={buttonStyles({ variant: "secondary" })}>
            Export CSV
          </a>
        }
      />

      <Card className="mb-4">
        <form noValidate onSubmit={onSubmit} aria-label="Audit filters" className="flex flex-wrap items-end gap-3 px-5 py-4">
          <FilterField id="audit-actor" label="Actor">
            <Input id="audit-actor" value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} placeholder="Email contains…" className="w-48" />
          </FilterField>
          <FilterField id="audit-resource-type" label="Resource type">
            <Select id="audit-resource-type" value={form.resourceType} onChange={(e) => setForm({ ...form, resourceType: e.target.value })} className="w-40">
              <option value="">Any</option>
              {RESOURCE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField id="audit-action" label="Action">
            <Input id="audit-action" list="audit-actions" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })} placeholder="e.g. provider." className="w-44 font-mono" />
          </FilterField>
          <FilterField id="audit-from" label="From">
            <Input id="audit-from" type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} className="w-38" />
          </FilterField>
          <FilterField id="audit-to" label="To">
            <Input id="audit-to" type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} className="w-38" />
          </FilterField>
          {/* Outside the field wrappers: a trailing <datalist> would take the input's spacing. */}
          <datalist id="audit-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <div className="flex gap-2">
            <Button type="submit">Apply filters</Button>
            {(filtered || Object.values(form).some(Boolean)) && (
              <Button
                variant="ghost"
                onClick={() => {
                  setForm(EMPTY);
                  setApplied(EMPTY);
                }}
              >
                Reset
              </Button>
            )}
          </div>
        </form>
      </Card>

      {events.isError ? (
        <QueryError what="audit events" error={events.error} onRetry={() => void events.refetch()} />
      ) : events.isSuccess && rows.length === 0 && !filtered ? (
        <EmptyState
          icon={<AuditIcon />}
          title="No audit events yet"
          description="Changes to providers, models, teams, keys, routing, settings and approvals are recorded here as they happen."
        />
      ) : (
        <Card>
          <Table label="Audit events">
            <THead>
              <tr>
                <TH>Time</TH>
                <TH>Actor</TH>
                <TH>Action</TH>
                <TH>Resource</TH>
                <TH>Team</TH>
                <TH>
                  <span className="sr-only">Details</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {events.isPending ? (
                <TableLoadingRows columns={COLUMNS} rows={5} />
              ) : rows.length === 0 ? (
                <TableEmptyRow columns={COLUMNS}>No event matches these filters.</TableEmptyRow>
              ) : (
                rows.map((e) => {
                  const open = expanded.has(e.id);
                  const detailsId = `audit-details-${e.id}`;
                  return (
                    <Fragment key={e.id}>
                      <TR className={cn(open && "bg-subtle/50")}>
                        <TD className="whitespace-nowrap tabular-nums">{formatDateTime(e.createdAt)}</TD>
                        <TD>
                          <span className="block max-w-56 truncate" title={e.actor}>
                            {e.actor}
                          </span>
                          {e.ip && <span className="text-xs text-muted">{e.ip}</span>}
                        </TD>
                        <TD>
                          <Badge tone={actionTone(e.action)} className="font-mono">
                            {e.action}
                          </Badge>
                        </TD>
                        <TD>
                          <span className="text-fg">{e.resourceType}</span>
                          {e.resourceId && (
                            <span className="block max-w-48 truncate font-mono text-xs text-muted" title={e.resourceId}>
                              {e.resourceId}
                            </span>
                          )}
                        </TD>
                        <TD className="text-muted">{e.teamId ? (teamNames.get(e.teamId) ?? <span className="font-mono text-xs">{e.teamId}</span>) : "—"}</TD>
                        <TD align="right">
                          {(e.before !== null || e.after !== null) && (
                            <Button variant="ghost" size="sm" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => toggle(e.id)}>
                              {open ? "Hide changes" : "Show changes"}
                            </Button>
                          )}
                        </TD>
                      </TR>
                      {open && (
                        <tr id={detailsId}>
                          <td colSpan={COLUMNS} className="bg-subtle/40 px-5 py-4">
                            <ChangeDiff event={e} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })
              )}
            </TBody>
          </Table>
          {events.hasNextPage && (
            <div className="flex justify-center border-t border-border px-5 py-3">
              <Button variant="secondary" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
        </Card>
      )}
    </>
  );
}

function FilterField({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id} className="text-xs text-muted">
        {label}
      </Label>
      {children}
    </div>
  );
}

function actionTone(action: string) {
  if (/\.(delete|revoke|remove|archive)$/.test(action)) return "danger" as const;
  if (/\.(create|add)$/.test(action)) return "success" as const;
  return "neutral" as const;
}

/** Before and after side by side; keys that changed are marked in both. */
function ChangeDiff({ event }: { event: AuditEventOutput }) {
  const changed = changedKeys(event.before, event.after);
  return (
    <div className="space-y-2">
      {changed.length > 0 && (
        <p className="text-xs text-muted">
          Changed: {changed.map((k) => <span key={k} className="mr-1.5 font-mono text-fg">{k}</span>)}
        </p>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        <JsonPane title="Before" value={event.before} />
        <JsonPane title="After" value={event.after} />
      </div>
    </div>
  );
}

function JsonPane({ title, value }: { title: string; value: unknown }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium text-muted">{title}</figcaption>
      <pre className="max-h-80 overflow-auto rounded-lg border border-border bg-surface px-3 py-2 font-mono text-xs leading-5 text-fg">
        {value === null || value === undefined ? <span className="text-muted">—</span> : JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}

function changedKeys(before: unknown, after: unknown): string[] {
  const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const b = obj(before);
  const a = obj(after);
  if (!b || !a) return [];
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}
