// Who takes which unowned session: the least-loaded live replica, one session
// at a time (greedy), ties to the smaller inbox name. Every replica computes
// the same answer from the same view (the replica blobs' loads and the list of
// unowned sessions), so each claims only its own share and they rarely race
// for a lease; when views differ the lease decides and nothing breaks.

export type Load = { inbox: string; sessions: number };

export function assign(orphans: readonly string[], replicas: readonly Load[]): Map<string, string> {
  const out = new Map<string, string>();
  if (replicas.length === 0) return out;
  const loads = replicas.map((r) => ({ inbox: r.inbox, n: r.sessions })).sort((a, b) => (a.inbox < b.inbox ? -1 : a.inbox > b.inbox ? 1 : 0));
  for (const id of [...orphans].sort()) {
    let best = loads[0]!;
    for (const r of loads) if (r.n < best.n) best = r;
    out.set(id, best.inbox);
    best.n++;
  }
  return out;
}

/** The replica a new or unowned session should go to now. */
export function leastLoaded(replicas: readonly Load[]): string | undefined {
  return assign(['x'], replicas).get('x');
}
