// A minimal OpenAI-compatible upstream for benchmarks: fixed answer, usage, SSE streaming (20 chunks, 5 ms apart).
// Cheap on purpose so the figures measure the gateway, not the mock.
import http from "node:http";

const port = Number(process.env.MOCK_PORT ?? 18101);
const CHUNKS = Number(process.env.MOCK_CHUNKS ?? 20);
const GAP = Number(process.env.MOCK_CHUNK_DELAY_MS ?? 5);
const content = "x".repeat(400);
const usage = { prompt_tokens: 20, completion_tokens: 100, total_tokens: 120 };

http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      let stream = false;
      let includeUsage = false;
      try {
        const j = JSON.parse(body);
        stream = j.stream === true;
        includeUsage = j.stream_options?.include_usage === true;
      } catch {}
      const base = { id: "chatcmpl-bench", created: 1, model: "bench-model" };
      if (!stream) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta, finish = null) => `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }));
      let i = 0;
      const t = setInterval(() => {
        if (i < CHUNKS) {
          res.write(chunk({ content: content.slice(i * 20, i * 20 + 20) }));
          i++;
          return;
        }
        clearInterval(t);
        res.write(chunk({}, "stop"));
        if (includeUsage) res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage })}\n\n`);
        res.end("data: [DONE]\n\n");
      }, GAP);
      res.on("close", () => clearInterval(t));
    });
  })
  .listen(port, "127.0.0.1", () => process.stdout.write(`mock upstream on ${port}\n`));
