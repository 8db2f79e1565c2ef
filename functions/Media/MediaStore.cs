using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using WaFunctions.Storage;

namespace WaFunctions.Media;

/// <summary>A file in the <c>media</c> container: its blob name, type, size, SHA-256 (lowercase hex) and file name.</summary>
public sealed record MediaFile(string Blob, string Mimetype, long Size, string Sha256, string? FileName, DateTimeOffset? StoredAt = null);

/// <summary>The file is larger than the limit that applies; the message says which limit.</summary>
public sealed class MediaTooLargeException(string message) : Exception(message);

/// <summary>
/// Media bytes in Blob storage (container <c>media</c>, shared with the engine-host): uploads through <c>POST /media</c>
/// (<c>up/&lt;id&gt;</c>), files the API fetched or decoded for a send (<c>out/&lt;session&gt;/&lt;clientMessageId&gt;</c>),
/// simulated inbound files (<c>sim/…</c>), and what the engine-host downloaded (<c>in/…</c>). Writing hashes and counts
/// the bytes as they stream (never more than one block of 4 MiB in memory) and stops at the size limit; the SHA-256 and
/// file name go into the blob's metadata with the commit, so a blob never exists without them. Storage: one upload for a
/// file up to 4 MiB, else one call per 4 MiB block plus the commit.
/// </summary>
public sealed class MediaStore(StorageClients storage, TimeProvider clock)
{
    public const int BlockBytes = 4 * 1024 * 1024;
    private const string Sha256Key = "sha256";
    private const string FileNameKey = "filename";

    private BlobContainerClient Container => storage.Container(Api.ApiComposition.MediaContainer);

    /// <summary>
    /// Streams <paramref name="source"/> into blob <paramref name="blob"/>. <paramref name="decideType"/> sees the first
    /// block before anything is written and returns the file's type (or throws to refuse it). More than
    /// <paramref name="maxBytes"/> throws <see cref="MediaTooLargeException"/> with <paramref name="tooLarge"/>'s message.
    /// </summary>
    public async Task<MediaFile> WriteAsync(string blob, Stream source, string? fileName, long maxBytes, Func<ReadOnlyMemory<byte>, string> decideType,
        Func<long, string> tooLarge, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var client = Container.GetBlockBlobClient(blob);
            var blocks = new List<string>();
            string? mimetype = null;
            long total = 0;
            while (true)
            {
                var filled = await FillAsync(source, buffer, ct).ConfigureAwait(false);
                total += filled;
                if (total > maxBytes) throw new MediaTooLargeException(tooLarge(maxBytes));
                if (total == 0) throw new Errors.InvalidInputException("The file is empty.");
                mimetype ??= decideType(buffer.AsMemory(0, filled));
                hash.AppendData(buffer, 0, filled);
                var last = filled < BlockBytes;
                if (last && blocks.Count == 0)
                {
                    var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                    await client.UploadAsync(new MemoryStream(buffer, 0, filled, writable: false), new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = mimetype }, Metadata = Metadata(sha, fileName),
                    }, ct).ConfigureAwait(false);
                    return new MediaFile(blob, mimetype, total, sha, fileName, clock.GetUtcNow());
                }
                if (filled > 0)
                {
                    var id = Convert.ToBase64String(BitConverter.GetBytes(blocks.Count));
                    await client.StageBlockAsync(id, new MemoryStream(buffer, 0, filled, writable: false), cancellationToken: ct).ConfigureAwait(false);
                    blocks.Add(id);
                }
                if (!last) continue;
                var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                await client.CommitBlockListAsync(blocks, new CommitBlockListOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = mimetype }, Metadata = Metadata(sha256, fileName),
                }, ct).ConfigureAwait(false);
                return new MediaFile(blob, mimetype, total, sha256, fileName, clock.GetUtcNow());
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < BlockBytes)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, BlockBytes - filled), ct).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    private static Dictionary<string, string> Metadata(string sha256, string? fileName)
    {
        var metadata = new Dictionary<string, string> { [Sha256Key] = sha256 };
        if (fileName is not null) metadata[FileNameKey] = Uri.EscapeDataString(fileName); // metadata is ASCII
        return metadata;
    }

    /// <summary>The file as stored, or null when there is no such blob. One HEAD.</summary>
    public async Task<MediaFile?> DescribeAsync(string blob, CancellationToken ct)
    {
        try
        {
            var p = (await Container.GetBlobClient(blob).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
            return new MediaFile(blob, p.ContentType ?? "application/octet-stream", p.ContentLength, (p.Metadata.TryGetValue(Sha256Key, out var sha) ? sha : ""),
                p.Metadata.TryGetValue(FileNameKey, out var name) ? Uri.UnescapeDataString(name) : null, p.CreatedOn);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    /// <summary>The bytes, their type and length, streamed; null when there is no such blob. One GET.</summary>
    public async Task<(Stream Content, string ContentType, long Length)?> OpenAsync(string blob, CancellationToken ct)
    {
        try
        {
            var download = (await Container.GetBlobClient(blob).DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
            return (download.Content, download.Details.ContentType ?? "application/octet-stream", download.Details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }
}
