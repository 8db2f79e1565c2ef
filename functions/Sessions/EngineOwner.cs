using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using WaFunctions.Storage;

namespace WaFunctions.Sessions;

/// <summary>
/// Which engine-host replica runs a session, for <c>GET /api/v1/sessions/{id}</c> (<c>engine: { replica, since, alive }</c>).
/// The engine-host owns each session through a renewable Azure blob lease on <c>sessions/&lt;url-safe id&gt;</c> in the
/// container <c>WA_ENGINE_LEASE_CONTAINER</c> (default <c>engine-leases</c>), with the owner in the blob's metadata
/// (<c>replica</c>, <c>since</c>, <c>inbox</c>, <c>host</c>, <c>pid</c>); see engine-host/README.md, "Scale-out".
/// </summary>
/// <param name="Replica">The owner's replica id (<c>WA_ENGINE_REPLICA_ID</c>, or its hostname plus a random suffix).</param>
/// <param name="Since">When that replica took the session.</param>
/// <param name="Alive">The lease is held: the owner renewed it within the last lease period (default 30 s). False when
/// the replica let the session go (stopped, logged out, failed, or it shut down and nobody has taken it yet) or died
/// and its lease expired; <see cref="Replica"/> then names the last owner.</param>
/// <param name="HeartbeatAt">The owner's last heartbeat (every third of a lease), when asked for; null when not asked or
/// not known.</param>
public sealed record EngineOwner(string Replica, DateTimeOffset Since, bool Alive, DateTimeOffset? HeartbeatAt = null)
{
    /// <summary>The setting both programs read for the lease container.</summary>
    public const string ContainerSetting = "WA_ENGINE_LEASE_CONTAINER";
    public const string DefaultContainer = "engine-leases";

    public static string ContainerName(IConfiguration config) =>
        config[ContainerSetting] is { Length: > 0 } name ? name.Trim() : DefaultContainer;

    /// <summary>
    /// One point read (blob properties: lease state and metadata); two with <paramref name="withHeartbeat"/> (the owner's
    /// replica blob too). Null when no replica ever owned the session (or the container does not exist yet).
    /// </summary>
    public static Task<EngineOwner?> ReadAsync(StorageClients storage, IConfiguration config, string sessionId, CancellationToken ct, bool withHeartbeat = false) =>
        ReadAsync(storage.Container(ContainerName(config)), sessionId, ct, withHeartbeat);

    public static async Task<EngineOwner?> ReadAsync(BlobContainerClient container, string sessionId, CancellationToken ct, bool withHeartbeat = false)
    {
        BlobProperties blob;
        try
        {
            blob = (await container.GetBlobClient(BlobName(sessionId)).GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        var meta = new Dictionary<string, string>(blob.Metadata, StringComparer.OrdinalIgnoreCase);
        if (!meta.TryGetValue("replica", out var replica) || string.IsNullOrEmpty(replica)) return null; // being taken right now
        var since = meta.TryGetValue("since", out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : blob.LastModified;
        var alive = blob.LeaseState == LeaseState.Leased;
        DateTimeOffset? heartbeat = null;
        if (withHeartbeat && meta.TryGetValue("inbox", out var inbox) && !string.IsNullOrEmpty(inbox))
            heartbeat = await HeartbeatAsync(container, inbox, ct);
        return new EngineOwner(replica, since, alive, heartbeat);
    }

    private static async Task<DateTimeOffset?> HeartbeatAsync(BlobContainerClient container, string inbox, CancellationToken ct)
    {
        try
        {
            var replica = (await container.GetBlobClient("replicas/" + inbox).GetPropertiesAsync(cancellationToken: ct)).Value;
            return replica.Metadata.TryGetValue("heartbeat", out var h) && DateTimeOffset.TryParse(h, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // that replica is gone and was cleaned up
        }
    }

    /// <summary>The session's lease blob, named as the engine-host names it.</summary>
    public static string BlobName(string sessionId) => "sessions/" + UrlSafe(sessionId);

    /// <summary>Every UTF-8 byte outside <c>A-Z a-z 0-9 - _</c> becomes <c>~</c> and two uppercase hex digits (engine-host's <c>urlSafe</c>).</summary>
    public static string UrlSafe(string raw)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(raw))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_') sb.Append((char)b);
            else sb.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
