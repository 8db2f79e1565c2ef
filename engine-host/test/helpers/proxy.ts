import { connect, createServer, type Server, type Socket } from 'node:net';

// A TCP proxy in front of one port that can drop the network: while cut, every
// connection (open or new) is held and nothing passes, as when packets are lost;
// requests hang until their own timeouts. heal() drops the held connections and
// passes traffic again.

export type Proxy = { port: number; cut(): void; heal(): void; close(): Promise<void> };

export async function startProxy(targetPort: number): Promise<Proxy> {
  let cut = false;
  const pairs = new Set<{ client: Socket; upstream?: Socket }>();
  const server: Server = createServer((client) => {
    const pair: { client: Socket; upstream?: Socket } = { client };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (cut) {
      client.pause();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut() {
      cut = true;
      for (const { client, upstream } of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    heal() {
      cut = false;
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream?.destroy();
      }
    },
    async close() {
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same storage account, reached through proxies (one per service) that can be cut. */
export async function proxiedConnectionString(connectionString: string): Promise<{ connectionString: string; cut(): void; heal(): void; close(): Promise<void> }> {
  const ports = ['BlobEndpoint', 'QueueEndpoint', 'TableEndpoint'].map((k) => {
    const m = new RegExp(`${k}=http://127\\.0\\.0\\.1:(\\d+)/`).exec(connectionString);
    if (!m) throw new Error(`no ${k} in the connection string`);
    return { key: k, port: Number(m[1]) };
  });
  const proxies = await Promise.all(ports.map((p) => startProxy(p.port)));
  let cs = connectionString;
  ports.forEach((p, i) => (cs = cs.replace(`${p.key}=http://127.0.0.1:${p.port}/`, `${p.key}=http://127.0.0.1:${proxies[i]!.port}/`)));
  return {
    connectionString: cs,
    cut: () => proxies.forEach((p) => p.cut()),
    heal: () => proxies.forEach((p) => p.heal()),
    close: async () => void (await Promise.all(proxies.map((p) => p.close()))),
  };
}
