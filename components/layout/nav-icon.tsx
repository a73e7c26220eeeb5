import type { SVGProps } from "react";
import {
  AccuracyIcon,
  AuditIcon,
  ModelsIcon,
  OverviewIcon,
  ProvidersIcon,
  RoutingIcon,
  SettingsIcon,
  SpendIcon,
  SwapsIcon,
  TeamsIcon,
} from "@/components/icons";
import type { NavIconName } from "@/components/layout/nav-items";

const ICONS: Record<NavIconName, (props: SVGProps<SVGSVGElement>) => React.JSX.Element> = {
  overview: OverviewIcon,
  providers: ProvidersIcon,
  models: ModelsIcon,
  teams: TeamsIcon,
  routing: RoutingIcon,
  spend: SpendIcon,
  accuracy: AccuracyIcon,
  swaps: SwapsIcon,
  audit: AuditIcon,
  settings: SettingsIcon,
};

export function NavIcon({ name, ...props }: { name: NavIconName } & SVGProps<SVGSVGElement>) {
  const Icon = ICONS[name];
  return <Icon {...props} />;
}
