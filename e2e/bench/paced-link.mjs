// A paced link for the per-opening benchmark: every response waits one
// round trip after its request arrived (and after the server behind it
// answered), then its bytes flow through one shared downlink at a fixed
// rate, interleaved in chunks with whatever else is flowing at the time
// (so files fetched in parallel share the bandwidth, as on a real link).
// Both the card's static host and the API go through the same link: they
// are two hosts, but the agent has one connection to the internet.
//
// `link.set({ rttMs, bitsPerSecond })` changes it between runs;
// `{ rttMs: 0, bitsPerSecond: Infinity }` is plain loopback.
import http from "node:http";

const CHUNK = 16 * 1024;

export function pacedLink() {
  let rttMs = 0;
  let bytesPerMs = Infinity;
  let free = 0; // when the downlink is next free (performance.now() ms)
  const wait = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
  const now = () => performance.now();
  return {
    set({ rttMs: rtt = 0, bitsPerSecond = Infinity } = {}) {
      rttMs = rtt;
      bytesPerMs = bitsPerSecond / 8 / 1000;
      free = 0;
    },
    describe: () => (rttMs === 0 && bytesPerMs === Infinity ? "loopback" : `${rttMs} ms RTT, ${(bytesPerMs * 8 / 1000).toFixed(0)} Mbit/s`),
    /// Sends a whole response over the link: headers after one round trip
    /// from `arrived`, then the body at the link's rate.
    async send(res, arrived, status, headers, body) {
      await wait(arrived + rttMs - now());
      res.writeHead(status, { ...headers, "Content-Length": String(body.length) });
      for (let at = 0; at < body.length; at += CHUNK) {
        const chunk = body.subarray(at, at + CHUNK);
        if (bytesPerMs !== Infinity) {
          const start = Math.max(now(), free);
          free = start + chunk.length / bytesPerMs;
          await wait(free - now());
        }
        res.write(chunk);
      }
      res.end();
    },
  };
}

/// A reverse proxy to `target` (an http origin) over `link`; the answer is
/// read whole from the target, then sent paced. Counts requests and bytes.
export function pacedProxy(target, link) {
  const counted = { requests: [], bytes: 0 };
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      const upstream = http.request(
        new URL(req.url, target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          const body = [];
          answer.on("data", (c) => body.push(c));
          answer.on("end", () => {
            const bytes = Buffer.concat(body);
            const headers = { ...answer.headers };
            delete headers["content-length"];
            delete headers["transfer-encoding"];
            delete headers.connection;
            counted.requests.push(`${req.method} ${req.url.split("?")[0]}`);
            counted.bytes += bytes.length;
            link.send(res, arrived, answer.statusCode, headers, bytes).catch(() => res.destroy());
          });
        },
      );
      upstream.on("error", () => { res.writeHead(502); res.end(); });
      upstream.end(Buffer.concat(parts));
    });
  });
  server.counted = counted;
  server.reset = () => { counted.requests = []; counted.bytes = 0; };
  return server;
}

export const listenOn = (server, port) =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });

/// The card was built against the paced proxy (PACED_API_PORT, set by
/// scripts/bench.sh): benchmarks that run on loopback start it unpaced in
/// front of the service (API_URL). Returns the proxy's URL and its closer.
export async function loopbackApi() {
  const port = Number(process.env.PACED_API_PORT);
  if (!port) return { url: process.env.API_URL, close: async () => {} };
  const link = pacedLink();
  const server = await listenOn(pacedProxy(process.env.API_URL, link), port);
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
