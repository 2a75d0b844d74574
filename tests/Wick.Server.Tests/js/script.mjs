// The official OpenAI JavaScript SDK against a running Wick server: an independent second client.
// Usage: WICK_BASE_URL=http://127.0.0.1:PORT/v1 node script.mjs
// Prints one JSON line: the answers to "2+2=" through chat (plain and streamed) and legacy completions.
import OpenAI from "openai";

const baseURL = process.env.WICK_BASE_URL;
if (!baseURL) {
  console.error("Set WICK_BASE_URL to the server's /v1 endpoint.");
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey: process.env.WICK_API_KEY ?? "not-needed", maxRetries: 0, timeout: 30_000 });
const models = await client.models.list();
const model = models.data[0].id;
const messages = [{ role: "user", content: "2+2=" }];

const chat = await client.chat.completions.create({ model, messages, temperature: 0, max_tokens: 8 });

let streamed = "";
const stream = await client.chat.completions.create({ model, messages, temperature: 0, max_tokens: 8, stream: true });
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
}

const completion = await client.completions.create({ model, prompt: "2+2=", temperature: 0, max_tokens: 8 });

console.log(JSON.stringify({
  model,
  chat: chat.choices[0].message.content,
  streamed,
  completion: completion.choices[0].text,
}));
