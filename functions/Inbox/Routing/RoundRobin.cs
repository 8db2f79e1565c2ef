using WaFunctions.Agents;

namespace WaFunctions.Inbox.Routing;

/// <summary>Which online agent gets the next conversation. Pure.</summary>
public static class RoundRobin
{
    /// <summary>
    /// The pool for a chat with <paramref name="tags"/>: the first tag pool it matches (key <c>t_&lt;tag&gt;</c>), else the
    /// default pool (key <c>all</c>; null ids: every agent).
    /// </summary>
    public static (string Key, IReadOnlyList<string>? AgentIds) Pool(AutoAssign? settings, IReadOnlyList<string> tags)
    {
        if (settings?.ByTag.FirstOrDefault(p => tags.Contains(p.TagId)) is { } pool) return ("t_" + pool.TagId, pool.AgentIds);
        return ("all", settings?.AgentIds);
    }

    /// <summary>
    /// The online agent of the pool (other than <paramref name="exclude"/>) whose id follows <paramref name="last"/> in id
    /// order, wrapping round; null when none is online.
    /// </summary>
    public static Agent? Next(IReadOnlyList<Agent> team, IReadOnlyList<string>? pool, string? last, string? exclude = null)
    {
        var candidates = team.Where(a => a.IsOnline && a.Id != exclude && (pool is null || pool.Contains(a.Id)))
            .OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        if (candidates.Count == 0) return null;
        return candidates.FirstOrDefault(a => last is not null && string.CompareOrdinal(a.Id, last) > 0) ?? candidates[0];
    }
}
