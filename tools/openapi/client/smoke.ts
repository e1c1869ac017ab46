// What an app team's code looks like against the generated types: health, a quote, and an order.
// Usage: node dist/client/smoke.js <bridge url> <api key> <idempotency key>
// Prints one JSON line per call; the end-to-end test reads them.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/bridge.js";

type OrderBody = components["schemas"]["OrderBody"];

const [baseUrl, apiKey, idempotencyKey] = process.argv.slice(2);
if (!baseUrl || !apiKey || !idempotencyKey) {
  console.error("usage: smoke <bridge url> <api key> <idempotency key>");
  process.exit(64);
}

const bridge = createClient<paths>({ baseUrl, headers: { "X-API-KEY": apiKey } });

const health = await bridge.GET("/health", { params: { query: { connect: false } } });
console.log(JSON.stringify({ call: "health", status: health.response.status, gateway: health.data?.status ?? health.error?.status }));

const quote = await bridge.GET("/quote", { params: { query: { symbol: "AAPL" } } });
if (quote.error) {
  console.log(JSON.stringify({ call: "quote", status: quote.response.status, problem: quote.error.title }));
} else {
  const bid: number | null | undefined = quote.data.bid;
  console.log(JSON.stringify({ call: "quote", status: quote.response.status, key: quote.data.key, bid }));
}

const body: OrderBody = { symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT", limitPrice: 150.004, tif: "DAY" };
const placed = await bridge.POST("/order", { params: { header: { "Idempotency-Key": idempotencyKey } }, body });
if (placed.error) {
  console.log(JSON.stringify({ call: "order", status: placed.response.status, problem: placed.error.title }));
} else {
  console.log(JSON.stringify({
    call: "order", status: placed.response.status, orderStatus: placed.data.status,
    limitPrice: placed.data.limitPrice, requestedLimitPrice: placed.data.requestedLimitPrice,
  }));
}
