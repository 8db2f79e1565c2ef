using WaFunctions.Errors;
using Azure.Data.Tables;
using WaFunctions.Storage;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class KeyRangeScanTests(AzuriteFixture azurite)
{
    private async Task<TableClient> TableWithRowsAsync(int count)
    {
        var table = azurite.Storage.Table(AzuriteFixture.UniqueName("scan"));
        await table.CreateIfNotExistsAsync();
        for (var start = 0; start < count; start += 100)
            await table.SubmitTransactionAsync(Enumerable.Range(start, Math.Min(100, count - start)).Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r_{i:D4}") { ["N"] = i })));
        await table.AddEntityAsync(new TableEntity("p", "z_outside"));
        return table;
    }

    [Fact]
    public async Task Pages_without_a_predicate_cover_the_range_once()
    {
        var table = await TableWithRowsAsync(25);
        var seen = new List<int>();
        string? cursor = null;
        do
        {
            var (rows, next) = await KeyRangeScan.PageAsync(table, "p", "r_", "r`", cursor, 10, null, default);
            Assert.True(rows.Count <= 10);
            seen.AddRange(rows.Select(r => r.GetInt32("N")!.Value));
            cursor = next;
        } while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, 25), seen);
    }

    [Fact]
    public async Task A_predicate_scan_stops_at_the_budget_and_its_cursor_resumes_mid_page()
    {
        var table = await TableWithRowsAsync(300);
        bool Match(TableEntity e) => e.GetInt32("N") % 7 == 0;

        var (first, cursor) = await KeyRangeScan.PageAsync(table, "p", "r_", "r`", null, 1000, Match, default, budget: 100);
        Assert.Equal(Enumerable.Range(0, 100).Where(n => n % 7 == 0), first.Select(r => r.GetInt32("N")!.Value));
        Assert.NotNull(cursor);

        var seen = first.Select(r => r.GetInt32("N")!.Value).ToList();
        while (cursor is not null)
        {
            var (rows, next) = await KeyRangeScan.PageAsync(table, "p", "r_", "r`", cursor, 3, Match, default, budget: 100);
            Assert.True(rows.Count <= 3);
            seen.AddRange(rows.Select(r => r.GetInt32("N")!.Value));
            cursor = next;
        }
        Assert.Equal(Enumerable.Range(0, 300).Where(n => n % 7 == 0), seen);
    }

    [Fact]
    public async Task A_cursor_outside_the_range_is_invalid_input()
    {
        var table = await TableWithRowsAsync(1);
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            KeyRangeScan.PageAsync(table, "p", "r_", "r`", KeyRangeScan.Encode("z_outside"), 10, null, default));
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            KeyRangeScan.PageAsync(table, "p", "r_", "r`", "!!not base64!!", 10, null, default));
    }
}
