import { z } from "zod";

export const feedbackInput = z.object({
  request_id: z.string().min(1).max(100),
  score: z.number().min(0).max(1),
  label: z.string().max(100).optional(),
  comment: z.string().max(4000).optional(),
});
export type FeedbackInput = z.infer<typeof feedbackInput>;

/** Feedback from the console's request detail (the data plane's feedback endpoint takes a team key instead). */
export const consoleFeedbackInput = z
  .object({ score: z.number().min(0).max(1), label: z.string().trim().max(100).optional(), comment: z.string().trim().max(4000).optional() })
  .strict();
export type ConsoleFeedbackInput = z.infer<typeof consoleFeedbackInput>;
export const feedbackOutput = z.object({ id: z.string(), requestId: z.string(), recorded: z.literal(true) });
