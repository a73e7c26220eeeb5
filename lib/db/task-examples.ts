import { pgPool } from "@/lib/db/pg-pool";

// Labelled prompts from teams' traffic, stored as the task classifier's hashed features (never the text). Written
// in batches by the gateway, read by every instance's classifier refresher in id order.

export type TaskExampleRow = { id: string; team_id: string; task: string; indices: number[]; values: number[] };

/** Examples kept per team: the newest ones; older ones are pruned when a batch is written. */
export const MAX_EXAMPLES_PER_TEAM = 5000;

export async function insertTaskExamples(rows: readonly { teamId: string; task: string; indices: Int32Array; values: Float32Array }[]): Promise<void> {
  if (rows.length === 0) return;
  // one statement per batch: arrays of arrays are passed as JSON and unpacked server-side
  await pgPool().query(
    `INSERT INTO task_examples (team_id, task, indices, "values")
     SELECT x.team_id, x.task, ARRAY(SELECT jsonb_array_elements_text(x.indices)::int), ARRAY(SELECT jsonb_array_elements_text(x.vals)::real)
       FROM jsonb_to_recordset($1::jsonb) AS x(team_id text, task text, indices jsonb, vals jsonb)`,
    [JSON.stringify(rows.map((r) => ({ team_id: r.teamId, task: r.task, indices: Array.from(r.indices), vals: Array.from(r.values) })))],
  );
  const teams = [...new Set(rows.map((r) => r.teamId))];
  await pgPool().query(
    `DELETE FROM task_examples t
      USING (SELECT team_id, id FROM (SELECT team_id, id, row_number() OVER (PARTITION BY team_id ORDER BY id DESC) AS rn
                                        FROM task_examples WHERE team_id = ANY($1::text[])) r WHERE rn = $2 + 1) cut
      WHERE t.team_id = cut.team_id AND t.id <= cut.id`,
    [teams, MAX_EXAMPLES_PER_TEAM],
  );
}

/**
 * Examples written after `afterId`, oldest first, that are at least `settledMs` old: ids come from a sequence, and
 * two instances' inserts can commit out of id order, so a reader that moved its watermark past a row committed a
 * moment later would never see it. Each insert is one short statement; rows a few seconds old are committed.
 */
export async function taskExamplesAfter(afterId: string, limit: number, settledMs: number): Promise<TaskExampleRow[]> {
  const { rows } = await pgPool().query<TaskExampleRow>(
    `SELECT id::text AS id, team_id, task, indices, "values" FROM task_examples
      WHERE id > $1::bigint AND created_at <= now() - make_interval(secs => $3) ORDER BY id LIMIT $2`,
    [afterId, limit, settledMs / 1000],
  );
  return rows;
}
