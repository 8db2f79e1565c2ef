// Validates webhook payloads against the OpenAPI document's `webhooks` section with an independent JSON Schema 2020-12
// validator (ajv). Usage: node validate-webhooks.mjs <openapi.json> [events.jsonl]
// Every documented example is validated too. Schemas are made strict first: an object schema that lists properties
// gets additionalProperties: false, so a field the code sends but the document does not describe fails (receivers
// may ignore unknown fields; our documentation may not omit any).
// Prints one JSON line: { valid, checked, examples, types, errors: [...] }.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const events = process.argv[3]
  ? readFileSync(process.argv[3], 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))
  : [];

function strict(node) {
  if (Array.isArray(node)) return node.forEach(strict);
  if (!node || typeof node !== 'object') return;
  if (node.properties && typeof node.properties === 'object' && node.additionalProperties === undefined) node.additionalProperties = false;
  for (const v of Object.values(node)) strict(v);
}
const components = structuredClone(doc.components ?? {});
const webhooks = structuredClone(doc.webhooks ?? {});
strict(components);
strict(webhooks);

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'openapi.json', components, webhooks }, 'openapi.json');
const validators = {};
const validatorFor = (type) => {
  if (!(type in webhooks)) return null;
  const pointer = `openapi.json#/webhooks/${type.replaceAll('~', '~0').replaceAll('/', '~1')}/post/requestBody/content/application~1json/schema`;
  return (validators[type] ??= ajv.compile({ $ref: pointer }));
};

const errors = [];
const check = (payload, what) => {
  const validate = validatorFor(payload?.type);
  if (!validate) return errors.push({ what, type: payload?.type, error: 'no webhooks entry for this type' });
  if (!validate(payload)) errors.push({ what, type: payload.type, id: payload.id, errors: validate.errors.slice(0, 5) });
};

let examples = 0;
for (const [type, item] of Object.entries(doc.webhooks ?? {})) {
  const example = item?.post?.requestBody?.content?.['application/json']?.example;
  if (example === undefined) errors.push({ what: 'example', type, error: 'no example' });
  else { check(example, `example of ${type}`); examples++; }
}
events.forEach((e, i) => check(e, `event ${i}`));
console.log(JSON.stringify({ valid: errors.length === 0, checked: events.length, examples, types: [...new Set(events.map((e) => e.type))].sort(), errors }));
process.exit(errors.length === 0 ? 0 : 1);
