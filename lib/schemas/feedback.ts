import { z } from "zod";

export const feedbackInput = z.object({
  request_id: z.string().min(1).max(100),
  score: z.number().min(0).max(1),
  label: z.string().max(100).optional(),
  comment: z.string().max(4000).optional(),
});
export type FeedbackInput = z.infer<typeof feedbackInput>;
