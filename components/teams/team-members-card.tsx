"use client";

import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { controlProps, FieldError, formErrorsFromApi, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatDate } from "@/components/ui/format";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { useAddTeamMember, useRemoveTeamMember, useTeamMembers, type TeamMember } from "@/lib/queries/teams";
import { useUsers } from "@/lib/queries/users";
import { errorMessage } from "@/lib/queries/fetch-json";
import { TEAM_ROLES, teamMemberInput } from "@/lib/schemas/teams";

const ROLE_HELP: Record<(typeof TEAM_ROLES)[number], string> = {
  team_lead: "keys, routing and spend of this team",
  viewer: "read-only",
};

export function TeamMembersCard({ teamId, teamName, archived }: { teamId: string; teamName: string; archived: boolean }) {
  const canManage = useCan("teams:members") && !archived;
  const canListUsers = useCan("users:read");
  const members = useTeamMembers(teamId);
  const remove = useRemoveTeamMember(teamId);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const list = members.data ?? [];

  return (
    <Card>
      <CardHeader title="Members" description="Team leads manage keys and routing of this team; viewers read it. Admins and finance see every team without membership." />
      {canManage && <AddMemberForm teamId={teamId} existing={list.map((m) => m.email)} canListUsers={canListUsers} />}
      {members.isError ? (
        <div className="px-5 py-4">
          <ErrorAlert>Could not load members: {errorMessage(members.error)}</ErrorAlert>
        </div>
      ) : (
        <Table label="Members">
          <THead>
            <tr>
              <TH>Member</TH>
              <TH>Role</TH>
              <TH>Added</TH>
              {canManage && (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              )}
            </tr>
          </THead>
          <TBody>
            {members.isPending ? (
              <TableLoadingRows columns={canManage ? 4 : 3} rows={2} />
            ) : list.length === 0 ? (
              <TableEmptyRow columns={canManage ? 4 : 3}>No members yet.</TableEmptyRow>
            ) : (
              list.map((m) => (
                <TR key={m.userId}>
                  <TD>
                    <div className="font-medium text-fg">{m.email}</div>
                    {m.name && <div className="text-xs text-muted">{m.name}</div>}
                  </TD>
                  <TD>
                    <Badge tone={m.role === "team_lead" ? "success" : "neutral"} className="font-mono">
                      {m.role}
                    </Badge>
                  </TD>
                  <TD className="whitespace-nowrap text-muted">{formatDate(m.addedAt)}</TD>
                  {canManage && (
                    <TD align="right">
                      <Button variant="ghost" size="sm" onClick={() => setRemoving(m)} aria-label={`Remove ${m.email}`} className="hover:text-danger">
                        Remove
                      </Button>
                    </TD>
                  )}
                </TR>
              ))
            )}
          </TBody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.email ?? "member"}?`}
        description={`They lose access to ${teamName} at their next request. Their account and past activity are kept.`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          await remove.mutateAsync(removing!.userId);
          toast.success(`${removing!.email} removed from ${teamName}`);
        }}
      />
    </Card>
  );
}

function AddMemberForm({ teamId, existing, canListUsers }: { teamId: string; existing: string[]; canListUsers: boolean }) {
  const add = useAddTeamMember(teamId);
  const users = useUsers({ enabled: canListUsers });
  const datalistId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<(typeof TEAM_ROLES)[number]>("viewer");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const candidates = (users.data ?? []).filter((u) => !u.disabledAt && !existing.includes(u.email));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = teamMemberInput.safeParse({ email, role });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    add.mutate(parsed.data, {
      onSuccess: (m) => {
        toast.success(`${m.email} added as ${m.role}`);
        setEmail("");
      },
      onError: (err) => {
        const mapped = formErrorsFromApi(err, ["email", "role"], "email");
        setErrors(mapped.fields);
        setFormError(mapped.form);
      },
    });
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Add member" className="border-b border-border px-5 py-4">
      {formError && <ErrorAlert className="mb-3">{formError}</ErrorAlert>}
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-56 flex-1 space-y-1">
          <Label htmlFor="member-email" className="text-xs text-muted">
            Email
          </Label>
          <Input
            {...controlProps("member-email", { error: errors.email })}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            list={candidates.length > 0 ? datalistId : undefined}
            placeholder="someone@company.com"
            autoComplete="off"
          />
          {candidates.length > 0 && (
            <datalist id={datalistId}>
              {candidates.map((u) => (
                <option key={u.id} value={u.email}>
                  {u.name ?? u.role}
                </option>
              ))}
            </datalist>
          )}
          {errors.email && <FieldError id="member-email-error">{errors.email}</FieldError>}
        </div>
        <div className="w-44 space-y-1">
          <Label htmlFor="member-role" className="text-xs text-muted">
            Team role
          </Label>
          <Select {...controlProps("member-role", { error: errors.role })} value={role} onChange={(e) => setRole(e.target.value as (typeof TEAM_ROLES)[number])}>
            {TEAM_ROLES.map((r) => (
              <option key={r} value={r}>
                {r} ({ROLE_HELP[r]})
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" loading={add.isPending} className="mt-5">
          Add member
        </Button>
      </div>
      <p className="mt-2 text-xs text-muted">The person needs an account already. Adding an existing member changes their team role.</p>
    </form>
  );
}
