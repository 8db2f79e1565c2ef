using Azure;

namespace WaFunctions.Storage;

/// <summary>
/// A table row: its keys, the service-maintained <see cref="Timestamp"/> and <see cref="ETag"/>,
/// and typed properties. Supported property types are the Table service's:
/// string, int, long, double, bool, DateTimeOffset, Guid and byte[]. A null value is not stored.
/// </summary>
public sealed class TableEntity : Dictionary<string, object?>
{
    public TableEntity() : base(StringComparer.Ordinal) { }

    public TableEntity(string partitionKey, string rowKey) : this()
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey
    {
        get => GetString(nameof(PartitionKey)) ?? "";
        set => this[nameof(PartitionKey)] = value;
    }

    public string RowKey
    {
        get => GetString(nameof(RowKey)) ?? "";
        set => this[nameof(RowKey)] = value;
    }

    public DateTimeOffset? Timestamp { get; internal set; }

    public ETag ETag { get; set; }

    public string? GetString(string key) => TryGetValue(key, out var v) ? v as string : null;
    public int? GetInt32(string key) => TryGetValue(key, out var v) && v is int i ? i : null;
    public long? GetInt64(string key) => TryGetValue(key, out var v) ? v switch { long l => l, int i => i, _ => null } : null;
    public double? GetDouble(string key) => TryGetValue(key, out var v) ? v switch { double d => d, int i => i, long l => l, _ => null } : null;
    public bool? GetBoolean(string key) => TryGetValue(key, out var v) && v is bool b ? b : null;
    public DateTimeOffset? GetDateTimeOffset(string key) => TryGetValue(key, out var v) && v is DateTimeOffset d ? d : null;
    public Guid? GetGuid(string key) => TryGetValue(key, out var v) && v is Guid g ? g : null;
    public byte[]? GetBinary(string key) => TryGetValue(key, out var v) ? v as byte[] : null;
}

/// <summary>Whether an update replaces the whole row or merges the given properties into it.</summary>
public enum TableUpdateMode { Merge, Replace }
