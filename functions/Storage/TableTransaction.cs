using Azure;

namespace WaFunctions.Storage;

public enum TableTransactionActionType { Add, UpdateMerge, UpdateReplace, UpsertMerge, UpsertReplace, Delete }

/// <summary>One step of an entity-group transaction. <see cref="ETag"/> guards updates and deletes (default: any).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);

/// <summary>A transaction was refused; nothing in it was applied. <see cref="FailedTransactionActionIndex"/> names the culprit.</summary>
public sealed class TableTransactionFailedException(RequestFailedException inner, int? failedIndex)
    : RequestFailedException(inner.Status, inner.Message, inner.ErrorCode, inner)
{
    public int? FailedTransactionActionIndex { get; } = failedIndex;
}
