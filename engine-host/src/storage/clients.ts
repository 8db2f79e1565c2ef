import { AzureNamedKeyCredential, TableClient, RestError } from '@azure/data-tables';
import { QueueClient, StorageSharedKeyCredential } from '@azure/storage-queue';
import { ContainerClient, StorageSharedKeyCredential as BlobSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import { DefaultAzureCredential } from '@azure/identity';
import type { StorageConfig } from '../config.js';

// One place that turns the storage setting into SDK clients. Azurite's
// `UseDevelopmentStorage=true` is expanded here rather than trusting each SDK's
// parser, so all three clients (tables, queues, blobs) always agree on endpoints.

const devAccount = 'devstoreaccount1';
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

type Parsed = { accountName: string; accountKey: string; queueEndpoint: string; tableEndpoint: string; blobEndpoint: string };

function parseConnectionString(cs: string): Parsed {
  const parts = new Map<string, string>();
  for (const segment of cs.split(';')) {
    const at = segment.indexOf('=');
    if (at > 0) parts.set(segment.slice(0, at).trim().toLowerCase(), segment.slice(at + 1).trim());
  }
  if ((parts.get('usedevelopmentstorage') ?? '').toLowerCase() === 'true') {
    const proxy = parts.get('developmentstorageproxyuri') ?? 'http://127.0.0.1';
    return {
      accountName: devAccount,
      accountKey: devKey,
      queueEndpoint: `${proxy}:10001/${devAccount}`,
      tableEndpoint: `${proxy}:10002/${devAccount}`,
      blobEndpoint: `${proxy}:10000/${devAccount}`,
    };
  }
  const accountName = parts.get('accountname');
  const accountKey = parts.get('accountkey');
  if (!accountName || !accountKey) {
    throw new Error('AzureWebJobsStorage must contain AccountName and AccountKey (or UseDevelopmentStorage=true)');
  }
  const protocol = parts.get('defaultendpointsprotocol') ?? 'https';
  const suffix = parts.get('endpointsuffix') ?? 'core.windows.net';
  return {
    accountName,
    accountKey,
    queueEndpoint: parts.get('queueendpoint') ?? `${protocol}://${accountName}.queue.${suffix}`,
    tableEndpoint: parts.get('tableendpoint') ?? `${protocol}://${accountName}.table.${suffix}`,
    blobEndpoint: parts.get('blobendpoint') ?? `${protocol}://${accountName}.blob.${suffix}`,
  };
}

export type Storage = {
  table(name: string): TableClient;
  queue(name: string): QueueClient;
  /** `options`: e.g. shorter retries for lease calls, which must fail fast rather than outlive the lease */
  container(name: string, options?: StoragePipelineOptions): ContainerClient;
};

const join = (base: string, name: string): string => `${base.replace(/\/$/, '')}/${name}`;

export function makeStorage(config: StorageConfig): Storage {
  if (config.kind === 'identity') {
    const credential = new DefaultAzureCredential(config.clientId ? { managedIdentityClientId: config.clientId } : {});
    return {
      table: (name) => new TableClient(config.tableServiceUrl, name, credential),
      queue: (name) => new QueueClient(join(config.queueServiceUrl, name), credential),
      container: (name, options) => new ContainerClient(join(config.blobServiceUrl, name), credential, options),
    };
  }
  const p = parseConnectionString(config.connectionString);
  const tableCred = new AzureNamedKeyCredential(p.accountName, p.accountKey);
  const queueCred = new StorageSharedKeyCredential(p.accountName, p.accountKey);
  const blobCred = new BlobSharedKeyCredential(p.accountName, p.accountKey);
  const insecure = p.tableEndpoint.startsWith('http:');
  return {
    table: (name) => new TableClient(p.tableEndpoint, name, tableCred, { allowInsecureConnection: insecure }),
    queue: (name) => new QueueClient(join(p.queueEndpoint, name), queueCred),
    container: (name, options) => new ContainerClient(join(p.blobEndpoint, name), blobCred, options),
  };
}

export function statusOf(err: unknown): number | undefined {
  if (err instanceof RestError) return err.statusCode;
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Creates the table, treating "already exists" (409) as success. */
export async function ensureTable(client: TableClient): Promise<void> {
  try {
    await client.createTable();
  } catch (err) {
    if (statusOf(err) !== 409) throw err;
  }
}

/** Table keys may not contain / \ # ? or control characters: percent-encode those (and % itself). */
export function encodeKey(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[%/\\#?\u0000-\u001f\u007f-\u009f~]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

export function decodeKey(key: string): string {
  return key.replace(/%([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
