#!/usr/bin/env node
// infra/check.mjs — file-level checks of the Azure deployment description.
//
// Nothing Azure runs on the project's machines (no azd, no Bicep compiler, no
// Functions host), so this script checks what can be checked from the files
// alone: that azure.yaml, infra/*.bicep, main.parameters.json and the README
// agree with each other and with the repository tree, and that no template
// handles a storage account key.
//
// Usage:  node infra/check.mjs [--root <repo>] [--allow-pending]
//   --root           repository root (default: the folder above this script)
//   --allow-pending  files that other parts of the project produce
//                    (functions/host.json, engine-host/Dockerfile, ...) are
//                    reported as "pending" instead of failing while missing
// Exit code: 0 when nothing failed, 1 otherwise.
// Last line:  infra check: N passed, N failed
//
// Node 20+, built-in modules only (it is run from an xunit test as well).

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- settings --

// Outputs that the README, azd and the other services rely on.
const REQUIRED_OUTPUTS = [
  'API_BASE_URL',
  'AZURE_FUNCTION_APP_NAME',
  'AZURE_CONTAINER_APP_NAME',
  'AZURE_CONTAINER_REGISTRY_ENDPOINT', // azd pushes container images here
  'AZURE_STORAGE_ACCOUNT_NAME',
  'AZURE_KEY_VAULT_NAME',
];

// Values azd itself keeps in every environment; a reference to one of these is
// fine even though main.bicep does not output it.
const AZD_BUILTIN_VALUES = new Set([
  'AZURE_ENV_NAME',
  'AZURE_LOCATION',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_PRINCIPAL_ID',
  'AZURE_PRINCIPAL_TYPE',
  'AZURE_TENANT_ID',
]);

// Files written by other parts of the project. While they are missing the
// check fails (the deployment cannot work), unless --allow-pending is given.
const PRODUCED_ELSEWHERE = new Map([
  ['functions/host.json', 'the functions host configuration (functions/ owner)'],
  ['engine-host/Dockerfile', 'the engine-host image definition (engine-host/ owner)'],
]);

// Text that would mean a template reads or embeds a storage account key.
const FORBIDDEN_IN_BICEP = ['listKeys(', 'AccountKey='];

// ------------------------------------------------------------------ report --

function makeReport() {
  const results = [];
  return {
    pass(name) {
      results.push({ status: 'ok', name });
    },
    fail(name, detail) {
      results.push({ status: 'FAIL', name, detail });
    },
    pending(name, detail) {
      results.push({ status: 'pending', name, detail });
    },
    print() {
      for (const r of results) {
        const label = r.status.padEnd(7);
        console.log(r.detail ? `${label} ${r.name}: ${r.detail}` : `${label} ${r.name}`);
      }
      const passed = results.filter((r) => r.status === 'ok').length;
      const failed = results.filter((r) => r.status === 'FAIL').length;
      const pending = results.filter((r) => r.status === 'pending').length;
      if (pending > 0) console.log(`(${pending} pending: produced elsewhere, allowed by --allow-pending)`);
      console.log(`infra check: ${passed} passed, ${failed} failed`);
      return failed;
    },
  };
}

// ------------------------------------------------------- YAML subset reader --

// Reads the subset of YAML that azure.yaml is kept to: nested maps of
// "key: value" lines, 2-space style indentation, '#' comments, plain or quoted
// scalars, true/false. Anything else (lists, anchors, block scalars, flow
// collections) is rejected with the line number, so a future edit that leaves
// the subset is noticed here instead of being misread.
export function parseYamlSubset(text) {
  const root = {};
  const stack = [{ indent: -1, node: root }];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = stripYamlComment(lines[i]);
    if (raw.trim() === '') continue;
    if (/^\t| \t/.test(raw.match(/^\s*/)[0])) throw new Error(`azure.yaml:${lineNo}: tabs are not allowed for indentation`);
    const indent = raw.match(/^ */)[0].length;
    const content = raw.trim();
    if (content.startsWith('-')) throw new Error(`azure.yaml:${lineNo}: lists are outside the supported subset`);
    const m = content.match(/^("[^"]*"|'[^']*'|[^:'"]+?)\s*:(?:\s+(.*))?$/);
    if (!m) throw new Error(`azure.yaml:${lineNo}: expected "key: value", got: ${content}`);
    const key = unquote(m[1]);
    const rawValue = m[2] === undefined ? '' : m[2].trim();

    while (stack.length > 1 && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack[stack.length - 1].node;
    if (Object.prototype.hasOwnProperty.call(parent, key)) throw new Error(`azure.yaml:${lineNo}: duplicate key "${key}"`);

    if (rawValue === '') {
      const child = {};
      parent[key] = child;
      stack.push({ indent, node: child });
    } else {
      parent[key] = parseScalar(rawValue, lineNo);
    }
  }
  return root;
}

function stripYamlComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line;
}

function parseScalar(value, lineNo) {
  if (/^[|>&*!\[{]/.test(value)) throw new Error(`azure.yaml:${lineNo}: "${value}" is outside the supported subset (block scalar, anchor, tag or flow collection)`);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return unquote(value);
}

function unquote(s) {
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}

// ----------------------------------------------------------- Bicep reading --

// Removes // and /* */ comments while leaving string literals alone, so a URL
// such as 'https://...' is not cut and a commented-out line is not read as code.
export function stripBicepComments(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("'''", i)) {
      const end = text.indexOf("'''", i + 3);
      const stop = end === -1 ? text.length : end + 3;
      out += text.slice(i, stop);
      i = stop;
    } else if (text[i] === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += text[i++];
    }
  }
  return out;
}

function bicepOutputs(code) {
  return new Set([...code.matchAll(/^\s*output\s+([A-Za-z_]\w*)\s/gm)].map((m) => m[1]));
}

function bicepModulePaths(code) {
  return [...code.matchAll(/^\s*module\s+[A-Za-z_]\w*\s+'([^']+)'/gm)].map((m) => m[1]);
}

// Each param with: whether it has a default, and whether azd generates it
// (@metadata({ azd: { type: 'generate' ... } }) among its decorators).
function bicepParams(code) {
  const params = new Map();
  let decorators = '';
  for (const line of code.split('\n')) {
    const p = line.match(/^\s*param\s+([A-Za-z_]\w*)\s+([^=]+?)(\s*=.*)?$/);
    if (p) {
      params.set(p[1], { hasDefault: Boolean(p[3]), generated: /type:\s*'generate'/.test(decorators) });
      decorators = '';
    } else if (/^(var|resource|module|output|targetScope|type|func|import|metadata)\b/.test(line)) {
      // A top-level statement (column 0) ends the decorators of the next param;
      // an indented `type:` inside @metadata({...}) must not.
      decorators = '';
    } else {
      decorators += line + '\n';
    }
  }
  return params;
}

/**
 * The smallest value `minReplicas:`/`maxReplicas:` can take in `code`: a literal, or a param of the same
 * code whose @minValue and default are both known (the smaller of the two; a param without @minValue
 * could be set to anything, so it counts as unknown).
 */
export function replicaCount(code, key) {
  const m = code.match(new RegExp(`${key}\\s*:\\s*([A-Za-z_]\\w*|\\d+)\\b`));
  if (!m) return { text: 'missing' };
  if (/^\d+$/.test(m[1])) return { text: m[1], min: Number(m[1]) };
  const decl = code.match(new RegExp(`((?:^\\s*@[^\\n]*\\n)*)^\\s*param\\s+${m[1]}\\s+int\\s*=\\s*(\\d+)`, 'm'));
  if (!decl) return { text: `${m[1]} (no int param with a default)` };
  const minValue = decl[1].match(/@minValue\(\s*(\d+)\s*\)/);
  if (!minValue) return { text: `${m[1]} (no @minValue)` };
  return { text: `${m[1]} (default ${decl[2]}, @minValue(${minValue[1]}))`, min: Math.min(Number(decl[2]), Number(minValue[1])) };
}

function serviceTags(code) {
  return [...code.matchAll(/'azd-service-name'\s*:\s*'([^']+)'/g)].map((m) => m[1]);
}

function listFiles(dir, ext) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...listFiles(full, ext));
    else if (full.endsWith(ext)) found.push(full);
  }
  return found.sort();
}

// ------------------------------------------------------------------ checks --

function rel(root, p) {
  return path.relative(root, p).split(path.sep).join('/') || '.';
}

// A path azure.yaml names must exist; a file some other part of the project
// produces may be reported as pending instead.
function checkPath(report, root, name, absPath, allowPending) {
  const r = rel(root, absPath);
  if (existsSync(absPath)) return report.pass(`${name} (${r}) exists`);
  const owner = PRODUCED_ELSEWHERE.get(r);
  if (owner && allowPending) return report.pending(`${name} (${r})`, `not written yet; expected from ${owner}`);
  report.fail(`${name} (${r})`, owner ? `missing; expected from ${owner}` : 'missing');
}

function checkAzureYaml(report, root, allowPending) {
  const file = path.join(root, 'azure.yaml');
  if (!existsSync(file)) {
    report.fail('azure.yaml', 'missing at the repository root');
    return null;
  }
  let doc;
  try {
    doc = parseYamlSubset(readFileSync(file, 'utf8'));
  } catch (e) {
    report.fail('azure.yaml parses', e.message);
    return null;
  }
  report.pass('azure.yaml parses (supported YAML subset)');

  if (doc.name === 'wafunctions') report.pass('azure.yaml name is wafunctions');
  else report.fail('azure.yaml name', `expected "wafunctions", found "${doc.name}"`);

  const services = doc.services && typeof doc.services === 'object' ? doc.services : {};
  if (Object.keys(services).length === 0) report.fail('azure.yaml services', 'no services declared');

  for (const [svcName, svc] of Object.entries(services)) {
    const where = `service ${svcName}`;
    for (const field of ['project', 'host', 'language']) {
      if (typeof svc[field] === 'string' && svc[field] !== '') report.pass(`${where}: ${field} is set`);
      else report.fail(`${where}: ${field}`, 'missing');
    }
    if (typeof svc.project !== 'string') continue;
    const projectDir = path.resolve(root, svc.project);
    checkPath(report, root, `${where} project`, projectDir, allowPending);

    if (svc.docker && typeof svc.docker === 'object' && typeof svc.docker.path === 'string') {
      checkPath(report, root, `${where} docker.path`, path.resolve(projectDir, svc.docker.path), allowPending);
    }

    // dist is build output (git-ignored): it cannot exist in a clean tree, so
    // what must exist is the hook that produces it.
    if (typeof svc.dist === 'string') {
      const distAbs = path.resolve(projectDir, svc.dist);
      const distRel = rel(root, distAbs);
      if (distRel.startsWith('..')) report.fail(`${where} dist`, `${distRel} points outside the repository`);
      else report.pass(`${where} dist resolves inside the repository (${distRel}, generated)`);

      const hooks = svc.hooks && typeof svc.hooks === 'object' ? svc.hooks : {};
      const producer = ['prepackage', 'prebuild'].map((h) => hooks[h]).find((h) => h && typeof h.run === 'string');
      if (!producer) {
        report.fail(`${where} dist producer`, 'dist is set but no prepackage/prebuild hook produces it');
      } else {
        const script = producer.run.trim().split(/\s+/).find((w) => /[/.]/.test(w) && !w.startsWith('-'));
        if (script) checkPath(report, root, `${where} dist producer script`, path.resolve(projectDir, script), allowPending);
        else report.pass(`${where} dist producer is an inline command`);
      }
    } else if (svc.language === 'custom') {
      report.fail(`${where} dist`, 'language: custom needs dist (azd zips that folder)');
    }
  }
  return doc;
}

function checkBicep(report, root, doc) {
  const infraDir = path.join(root, 'infra');
  const mainFile = path.join(infraDir, 'main.bicep');
  if (!existsSync(mainFile)) {
    report.fail('infra/main.bicep', 'missing');
    return null;
  }
  const bicepFiles = listFiles(infraDir, '.bicep');
  const code = new Map(bicepFiles.map((f) => [f, readFileSync(f, 'utf8')]));

  // No keys: nothing may read an account key or embed one in a setting.
  for (const [file, text] of code) {
    const hits = FORBIDDEN_IN_BICEP.filter((s) => text.toLowerCase().includes(s.toLowerCase()));
    if (hits.length === 0) report.pass(`${rel(root, file)} handles no account keys`);
    else report.fail(`${rel(root, file)} handles account keys`, `contains ${hits.map((h) => `"${h}"`).join(', ')}`);
  }

  // Every module reference resolves to a file, following modules of modules.
  const seen = new Set();
  const queue = [mainFile];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = code.get(file) ?? (existsSync(file) ? readFileSync(file, 'utf8') : '');
    for (const ref of bicepModulePaths(stripBicepComments(text))) {
      if (/^(br|ts)[:/]/.test(ref)) {
        report.pass(`${rel(root, file)} -> registry module ${ref} (not checked offline)`);
        continue;
      }
      const target = path.resolve(path.dirname(file), ref);
      if (existsSync(target)) {
        report.pass(`${rel(root, file)} -> ${rel(root, target)} exists`);
        queue.push(target);
      } else {
        report.fail(`${rel(root, file)} -> ${ref}`, 'module file missing');
      }
    }
  }

  const mainCode = stripBicepComments(code.get(mainFile));
  const outputs = bicepOutputs(mainCode);
  for (const name of REQUIRED_OUTPUTS) {
    if (outputs.has(name)) report.pass(`main.bicep outputs ${name}`);
    else report.fail(`main.bicep output ${name}`, 'missing');
  }

  // azd finds each service's Azure resource by its azd-service-name tag.
  const tagged = new Map();
  for (const [file, text] of code) {
    for (const tag of serviceTags(stripBicepComments(text))) {
      if (!tagged.has(tag)) tagged.set(tag, []);
      tagged.get(tag).push(rel(root, file));
    }
  }
  const serviceNames = Object.keys(doc?.services ?? {});
  for (const svc of serviceNames) {
    const files = tagged.get(svc) ?? [];
    if (files.length === 1) report.pass(`service ${svc} has one azd-service-name tag (${files[0]})`);
    else if (files.length === 0) report.fail(`service ${svc} azd-service-name tag`, 'no resource in infra/ carries it');
    else report.fail(`service ${svc} azd-service-name tag`, `found ${files.length} times (${files.join(', ')}); azd needs exactly one resource`);
  }
  for (const tag of tagged.keys()) {
    if (!serviceNames.includes(tag)) report.fail(`azd-service-name '${tag}'`, 'tagged in infra/ but not a service in azure.yaml');
  }

  // Invariants the design depends on (see infra/README.md).
  const functionsCode = [...code].filter(([, t]) => /'azd-service-name'\s*:\s*'functions'/.test(t)).map(([, t]) => stripBicepComments(t)).join('\n');
  if (/runtime\s*:\s*\{[^}]*name\s*:\s*'dotnet-isolated'[^}]*version\s*:\s*'10\.0'/s.test(functionsCode) && /name\s*:\s*'FC1'/.test(functionsCode))
    report.pass('functions: Flex Consumption (FC1) with runtime dotnet-isolated 10.0');
  else report.fail('functions hosting', "expected sku FC1 and functionAppConfig.runtime { name: 'dotnet-isolated', version: '10.0' } next to the functions tag");
  const engineCode = [...code].filter(([, t]) => /'azd-service-name'\s*:\s*'engine-host'/.test(t)).map(([, t]) => stripBicepComments(t)).join('\n');
  // Sessions fail over between engine-host replicas through blob leases, so there must be at least two.
  const minReplicas = replicaCount(engineCode, 'minReplicas');
  const maxReplicas = replicaCount(engineCode, 'maxReplicas');
  if (minReplicas.min !== undefined && minReplicas.min >= 2 && maxReplicas.min !== undefined && maxReplicas.min >= minReplicas.min) {
    report.pass(`engine-host: at least two replicas (minReplicas ${minReplicas.text}, maxReplicas ${maxReplicas.text})`);
  } else {
    report.fail('engine-host replicas', `expected minReplicas >= 2 (a literal, or a param with @minValue(2) and a default >= 2), got minReplicas ${minReplicas.text}, maxReplicas ${maxReplicas.text}`);
  }

  return { outputs, mainCode };
}

function checkParameters(report, root, bicep) {
  const file = path.join(root, 'infra', 'main.parameters.json');
  if (!existsSync(file)) return report.fail('infra/main.parameters.json', 'missing');
  let json;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return report.fail('infra/main.parameters.json is JSON', e.message);
  }
  report.pass('infra/main.parameters.json is JSON');
  const given = Object.keys(json.parameters ?? {});
  const params = bicepParams(bicep.mainCode);
  for (const name of given) {
    if (params.has(name)) report.pass(`parameter ${name} is declared in main.bicep`);
    else report.fail(`parameter ${name}`, 'set in main.parameters.json but not declared in main.bicep');
  }
  for (const [name, p] of params) {
    if (p.hasDefault || p.generated || given.includes(name)) continue;
    report.fail(`parameter ${name}`, 'has no default, is not generated by azd and is not in main.parameters.json');
  }
  for (const name of ['environmentName', 'location', 'principalId']) {
    if (!given.includes(name)) report.fail(`parameter ${name}`, 'azd convention: must come from main.parameters.json');
  }
}

// Names read back from the azd environment must be outputs (or azd's own).
function checkReferencedOutputs(report, root, bicep) {
  const sources = [
    ['azure.yaml', /\$\{([A-Z][A-Z0-9_]*)\}/g],
    ['infra/README.md', /azd env get-value\s+([A-Z][A-Z0-9_]*)/g],
  ];
  for (const [relFile, pattern] of sources) {
    const file = path.join(root, relFile);
    if (!existsSync(file)) {
      report.fail(relFile, 'missing');
      continue;
    }
    const names = new Set([...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1]));
    for (const name of names) {
      if (bicep.outputs.has(name)) report.pass(`${relFile} reads ${name}, an output of main.bicep`);
      else if (AZD_BUILTIN_VALUES.has(name)) report.pass(`${relFile} reads ${name}, kept by azd itself`);
      else report.fail(`${relFile} reads ${name}`, 'not an output of main.bicep');
    }
  }
}

// -------------------------------------------------------------------- main --

function main(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let root = path.resolve(here, '..');
  let allowPending = process.env.INFRA_CHECK_ALLOW_PENDING === '1';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') root = path.resolve(argv[++i] ?? '.');
    else if (argv[i] === '--allow-pending') allowPending = true;
    else {
      console.error(`unknown argument: ${argv[i]}`);
      return 2;
    }
  }

  const report = makeReport();
  const doc = checkAzureYaml(report, root, allowPending);
  const bicep = checkBicep(report, root, doc);
  if (bicep) {
    checkParameters(report, root, bicep);
    checkReferencedOutputs(report, root, bicep);
  }
  return report.print() > 0 ? 1 : 0;
}

// Run as a script; importing the file (e.g. to test the YAML reader) runs nothing.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
