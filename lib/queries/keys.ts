// Query key factories: every key for a resource starts with its `all` key, so
// `invalidateQueries({ queryKey: queryKeys.teams.all })` refreshes lists and details alike.

type Params = Record<string, string | number | boolean | null | undefined>;

function resource<const Name extends string>(name: Name) {
  const all = [name] as const;
  return {
    all,
    lists: () => [...all, "list"] as const,
    list: (params: Params = {}) => [...all, "list", params] as const,
    details: () => [...all, "detail"] as const,
    detail: (id: string) => [...all, "detail", id] as const,
  };
}

export const queryKeys = {
  providers: resource("providers"),
  models: resource("models"),
  teams: resource("teams"),
  routing: resource("routing"),
  spend: resource("spend"),
  audit: resource("audit"),
  members: resource("members"),
  apiKeys: resource("apiKeys"),
  requests: resource("requests"),
  settings: resource("settings"),
  users: resource("users"),
  setup: { status: ["setup", "status"] as const },
};
