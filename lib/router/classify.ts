// A small keyword classifier: fast (one pass of regex tests), no network, good enough until the auto-routing
// work replaces it with a trained one. Explicit task hints always win over it (see resolve.ts).

const SIGNALS: [task: string, pattern: RegExp][] = [
  ["code", /```|\b(function|def|class|compile|stack ?trace|exception|bug|refactor|python|javascript|typescript|java|rust|golang|sql|regex|api|unit test|code)\b/i],
  ["math", /\b(solve|equation|integral|derivative|calculate|compute|probability|theorem|prove|sum of|how many|percent)\b|\d+\s*[-+*/^=]\s*\d+/i],
  ["extraction", /\b(extract|parse|pull out|list all|fields?|json|table|entities|from the (following|text|document))\b/i],
  ["planning", /\b(plan|roadmap|steps? to|schedule|itinerary|strategy|milestones?|prioriti[sz]e)\b/i],
  ["writing", /\b(write|draft|compose|rewrite|essay|email|poem|story|blog|article|letter|tweet|slogan)\b/i],
  ["reasoning", /\b(why|explain|reason|logic|puzzle|riddle|deduce|infer|compare|trade-?offs?|what would happen)\b/i],
];

export function classifyTask(prompt: string, tasks: readonly string[]): string {
  const text = prompt.length > 4000 ? prompt.slice(0, 4000) : prompt;
  for (const [task, pattern] of SIGNALS) {
    if (tasks.includes(task) && pattern.test(text)) return task;
  }
  if (tasks.includes("chat")) return "chat";
  return tasks.includes("other") ? "other" : (tasks[0] ?? "other");
}
