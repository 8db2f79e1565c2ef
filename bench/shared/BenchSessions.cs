using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Bench;

/// <summary>Seeds a linked (<c>ready</c>) number straight into the app's <c>sessions</c> table, in the row layout of <c>Session.ToEntity</c>.</summary>
internal static class BenchSessions
{
    public static async Task ReadyAsync(StorageClients storage, string sessionId)
    {
        var now = DateTimeOffset.UtcNow;
        var table = storage.Table("sessions");
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("session", sessionId)
        {
            ["Name"] = "bench", ["Status"] = "ready", ["Reason"] = null, ["Code"] = null, ["Phone"] = "15550001234",
            ["Jid"] = "15550001234:1@s.whatsapp.net", ["PushName"] = "Bench", ["Qr"] = null, ["QrExpiresAt"] = null,
            ["PairingCode"] = null, ["PairingCodeExpiresAt"] = null, ["Warning"] = null, ["WarningDetail"] = null,
            ["WarningUntil"] = null, ["Seq"] = 1L, ["CreatedAt"] = now, ["UpdatedAt"] = now,
        }, TableUpdateMode.Replace);
    }
}
