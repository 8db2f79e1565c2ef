// Starts a process N times and measures, for each start, the time from spawn to the first
// HTTP 200 from a URL (polled every 2 ms). Prints the median and the spread.
// Usage: node coldstart.mjs <runs> <url> <command> [args...]   (env is passed through)
import { spawn } from "node:child_process";
import http from "node:http";

const [runs, url, command, ...args] = process.argv.slice(2);

const ok = () => new Promise((resolve) => {
  const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode === 200); });
  req.on("error", () => resolve(false));
  req.setTimeout(1000, () => { req.destroy(); resolve(false); });
});

async function once() {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    for (;;) {
      if (await ok()) return Number(process.hrtime.bigint() - started) / 1e6;
      if (process.hrtime.bigint() - started > 60_000_000_000n) throw new Error("no 200 within 60 s");
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const times = [];
for (let i = 0; i < Number(runs); i++) times.push(await once());
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(JSON.stringify({ runs: times.length, medianMs: Math.round(median), minMs: Math.round(times[0]), maxMs: Math.round(times.at(-1)) }));
