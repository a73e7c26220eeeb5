import { pgPool } from "@/lib/db/pg-pool";

// Labelled prompts from teams' traffic, stored as the task classifier's hashed features (never the text). Written
// in batches by the gateway, read by every instance's classifier store.

export type TaskExampleRow = { id: string; team_id: string; task: string; indices: number[]; values: number[] };

/** Examples kept per team: the newest ones; older ones are pruned after each batch. */
export const MAX_EXAMPLES_PER_TEAM = 5000;

export type NewTaskExample = { uid: string; teamId: string; task: string; indices: Int32Array; values: Float32Array };

/** One statement per batch, idempotent: a batch retried after a timeout whose insert did commit adds nothing. */
export async function insertTaskExamples(rows: readonly NewTaskExample[]): Promise<void> {
  if (rows.length === 0) return;
  await pgPool().query(
    `INSERT INTO task_examples (uid, team_id, task, indices, "values")
     SELECT x.uid, x.team_id, x.task, ARRAY(SELECT jsonb_array_elements_text(x.indices)::int), ARRAY(SELECT jsonb_array_elements_text(x.vals)::real)
       FROM jsonb_to_recordset($1::jsonb) AS x(uid text, team_id text, task text, indices jsonb, vals jsonb)
     ON CONFLICT (uid) DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ uid: r.uid, team_id: r.teamId, task: r.task, indices: Array.from(r.indices), vals: Array.from(r.values) })))],
  );
}

/** Keeps each team's newest MAX_EXAMPLES_PER_TEAM. */
export async function pruneTaskExamples(teamIds: readonly string[]): Promise<void> {
  await pgPool().query(
    `DELETE FROM task_examples t
      USING (SELECT team_id, id FROM (SELECT team_id, id, row_number() OVER (PARTITION BY team_id ORDER BY id DESC) AS rn
                                        FROM task_examples WHERE team_id = ANY($1::text[])) r WHERE rn = $2 + 1) cut
      WHERE t.team_id = cut.team_id AND t.id <= cut.id`,
    [teamIds, MAX_EXAMPLES_PER_TEAM],
  );
}

const COLUMNS = `id::text AS id, team_id, task, indices, "values"`;

/** Examples with an id above `afterId`, by id: one page of a scan. */
export async function taskExamplesAfter(afterId: string, limit: number): Promise<TaskExampleRow[]> {
  const { rows } = await pgPool().query<TaskExampleRow>(`SELECT ${COLUMNS} FROM task_examples WHERE id > $1::bigint ORDER BY id LIMIT $2`, [afterId, limit]);
  return rows;
}

/** A team's retained examples, by id (to build its model). */
export async function taskExamplesOfTeam(teamId: string): Promise<TaskExampleRow[]> {
  const { rows } = await pgPool().query<TaskExampleRow>(`SELECT ${COLUMNS} FROM task_examples WHERE team_id = $1 ORDER BY id`, [teamId]);
  return rows;
}

/** Teams with examples, and the highest id so far (where a new instance's scans start). */
export async function taskExampleState(): Promise<{ teams: string[]; maxId: string }> {
  const [teams, max] = await Promise.all([
    pgPool().query<{ team_id: string }>(`SELECT DISTINCT team_id FROM task_examples`),
    pgPool().query<{ max: string }>(`SELECT coalesce(max(id), 0)::text AS max FROM task_examples`),
  ]);
  return { teams: teams.rows.map((r) => r.team_id), maxId: max.rows[0]?.max ?? "0" };
}
