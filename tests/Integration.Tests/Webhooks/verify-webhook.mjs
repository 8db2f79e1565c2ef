// Verifies one captured webhook request with the npm `standardwebhooks` library, a verifier
// nobody on this project wrote. Input on stdin (JSON): { secret, headers, bodyBase64, nowOffsetSeconds? }.
// nowOffsetSeconds pretends the request is verified that much later (a replayed old request).
// Prints "ok" or "fail: <reason>" and exits 0 / 1.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(process.env.WA_REPO_ROOT + '/package.json');
const { Webhook } = require('standardwebhooks');

const input = JSON.parse(readFileSync(0, 'utf8'));
if (input.nowOffsetSeconds) {
  const realNow = Date.now;
  Date.now = () => realNow() + input.nowOffsetSeconds * 1000;
}
try {
  const body = Buffer.from(input.bodyBase64, 'base64');
  new Webhook(input.secret).verify(body, input.headers);
  console.log('ok');
} catch (e) {
  console.log('fail: ' + e.message);
  process.exitCode = 1;
}
