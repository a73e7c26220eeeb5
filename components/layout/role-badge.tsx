import type { Role } from "@/lib/auth/permissions";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<Role, BadgeTone> = { admin: "accent", finance: "warning", team_lead: "success", viewer: "neutral" };

/** The role exactly as stored ("team_lead"), so it matches what admins assign and what the docs say. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge tone={TONES[role]} title={`Role: ${role}`} className="font-mono">
      {role}
    </Badge>
  );
}
