using Azure;
using WaFunctions.Storage;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableClient(azurite.Account, AzuriteFixture.UniqueName("t"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task CreateIfNotExists_is_idempotent()
    {
        var table = await NewTableAsync();
        var again = await table.CreateIfNotExistsAsync();
        Assert.Equal(409, again.Status);
        await table.AddEntityAsync(new TableEntity("p", "r"));
        Assert.True((await table.GetEntityIfExistsAsync("p", "r")).HasValue);
    }

    [Fact]
    public async Task Add_then_get_round_trips_every_type_and_unicode()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2025, 6, 29, 10, 15, 0, 123, TimeSpan.Zero);
        var guid = Guid.NewGuid();
        var entity = new TableEntity("pk", "rk")
        {
            ["Text"] = "नमस्ते 👋 \"quoted\" 'single' <xml/> & more",
            ["Int"] = -42,
            ["Long"] = long.MaxValue - 1,
            ["Double"] = 2.0,
            ["Fraction"] = 3.25,
            ["Flag"] = true,
            ["When"] = when,
            ["Id"] = guid,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };
        await table.AddEntityAsync(entity);
        Assert.NotEqual(default, entity.ETag);

        var read = (await table.GetEntityAsync("pk", "rk")).Value;
        Assert.Equal("नमस्ते 👋 \"quoted\" 'single' <xml/> & more", read.GetString("Text"));
        Assert.Equal(-42, read["Int"]);
        Assert.Equal(long.MaxValue - 1, read["Long"]);
        Assert.Equal(2.0, Assert.IsType<double>(read["Double"]));
        Assert.Equal(3.25, read["Fraction"]);
        Assert.Equal(true, read["Flag"]);
        Assert.Equal(when, read["When"]);
        Assert.Equal(guid, read["Id"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read["Bytes"]);
        Assert.Equal(entity.ETag, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task Add_of_existing_keys_fails_with_EntityAlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }));
        Assert.Equal(409, e.Status);
        Assert.Equal("EntityAlreadyExists", e.ErrorCode);
        Assert.Equal(1, (await table.GetEntityAsync("p", "r")).Value["V"]);
    }

    [Fact]
    public async Task Get_of_missing_row_throws_ResourceNotFound_and_IfExists_answers_absent()
    {
        var table = await NewTableAsync();
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "missing"));
        Assert.Equal(404, e.Status);
        Assert.Equal("ResourceNotFound", e.ErrorCode);
        Assert.False((await table.GetEntityIfExistsAsync("p", "missing")).HasValue);
    }

    [Fact]
    public async Task Upsert_merge_keeps_other_properties_and_replace_drops_them()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, TableUpdateMode.Merge);
        var merged = (await table.GetEntityAsync("p", "r")).Value;
        Assert.Equal(("a", "b2"), (merged.GetString("A"), merged.GetString("B")));

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = (await table.GetEntityAsync("p", "r")).Value;
        Assert.False(replaced.ContainsKey("A"));
        Assert.Equal("c", replaced.GetString("C"));
    }

    [Fact]
    public async Task Update_with_stale_ETag_fails_412_and_changes_nothing()
    {
        var table = await NewTableAsync();
        var original = new TableEntity("p", "r") { ["Count"] = 1 };
        await table.AddEntityAsync(original);
        var staleETag = original.ETag;
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Count"] = 2 }, staleETag);

        var e = await Assert.ThrowsAsync<RequestFailedException>(() =>
            table.UpdateEntityAsync(new TableEntity("p", "r") { ["Count"] = 99 }, staleETag, TableUpdateMode.Replace));
        Assert.Equal(412, e.Status);
        Assert.Equal("UpdateConditionNotSatisfied", e.ErrorCode);
        Assert.Equal(2, (await table.GetEntityAsync("p", "r")).Value["Count"]);

        var del = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", staleETag));
        Assert.Equal(412, del.Status);
        Assert.True((await table.GetEntityIfExistsAsync("p", "r")).HasValue);
    }

    [Fact]
    public async Task Delete_with_current_ETag_removes_the_row_and_is_idempotent_without_one()
    {
        var table = await NewTableAsync();
        var entity = new TableEntity("p", "r");
        await table.AddEntityAsync(entity);
        await table.DeleteEntityAsync("p", "r", entity.ETag);
        Assert.False((await table.GetEntityIfExistsAsync("p", "r")).HasValue);
        Assert.Equal(404, (await table.DeleteEntityAsync("p", "r")).Status);
    }

    [Fact]
    public async Task Query_pages_through_2500_rows_returning_each_exactly_once()
    {
        var table = await NewTableAsync();
        const int count = 2500;
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bulk", i.ToString("D5")) { ["N"] = i })));

        var seen = new List<int>();
        var pages = 0;
        string? token = null;
        do
        {
            // Resume each page from the previous page's token, as an API client would between requests.
            await foreach (var page in table.QueryAsync(TableFilter.Create($"PartitionKey eq {"bulk"}"), maxPerPage: 300).AsPages(token))
            {
                seen.AddRange(page.Values.Select(e => e.GetInt32("N")!.Value));
                token = page.ContinuationToken;
                pages++;
                break;
            }
        } while (token is not null);

        Assert.Equal(Enumerable.Range(0, count), seen);
        Assert.True(pages >= count / 300, $"expected several pages, got {pages}");
    }

    [Fact]
    public async Task Query_supports_select_and_top()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < 5; i++) await table.AddEntityAsync(new TableEntity("p", $"r{i}") { ["Keep"] = i, ["Drop"] = "x" });
        var first = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"} and RowKey ge {"r2"}"), maxPerPage: 2, select: ["Keep"])
            .AsPages().FirstAsync();
        Assert.Equal([2, 3], first.Values.Select(e => e.GetInt32("Keep")!.Value));
        Assert.All(first.Values, e => Assert.False(e.ContainsKey("Drop")));
        Assert.NotNull(first.ContinuationToken);
    }

    [Fact]
    public async Task A_quote_in_a_filter_value_cannot_widen_the_query()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("tenant-a", "secret") { ["Name"] = "a" });
        await table.AddEntityAsync(new TableEntity("tenant-b", "x") { ["Name"] = "O'Brien" });
        var hostile = "x' or PartitionKey eq 'tenant-a";
        var rows = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"tenant-b"} and RowKey eq {hostile}")).ToListAsync();
        Assert.Empty(rows);
        var obrien = await table.QueryAsync(TableFilter.Create($"Name eq {"O'Brien"}")).ToListAsync();
        Assert.Equal("x", Assert.Single(obrien).RowKey);
    }

    [Fact]
    public async Task A_transaction_with_one_failing_action_leaves_the_partition_untouched()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "exists") { ["V"] = "before" });
        await table.AddEntityAsync(new TableEntity("p", "other") { ["V"] = "before" });
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity("p", "new1")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "other") { ["V"] = "after" }),
            new(TableTransactionActionType.Add, new TableEntity("p", "exists")), // fails: already there
            new(TableTransactionActionType.Add, new TableEntity("p", "new2")),
        };
        var e = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions));
        Assert.Equal(409, e.Status);
        Assert.Equal(2, e.FailedTransactionActionIndex);
        var rows = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"}")).ToListAsync();
        Assert.Equal(["exists", "other"], rows.Select(r => r.RowKey));
        Assert.All(rows, r => Assert.Equal("before", r.GetString("V")));
    }

    [Fact]
    public async Task A_transaction_applies_every_action_kind()
    {
        var table = await NewTableAsync();
        var guarded = new TableEntity("p", "guarded") { ["V"] = 1 };
        await table.AddEntityAsync(guarded);
        await table.AddEntityAsync(new TableEntity("p", "doomed"));
        await table.AddEntityAsync(new TableEntity("p", "merged") { ["A"] = "a" });
        var result = await table.SubmitTransactionAsync([
            new(TableTransactionActionType.Add, new TableEntity("p", "added")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "guarded") { ["V"] = 2 }, guarded.ETag),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "merged") { ["B"] = "b" }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "doomed")),
        ]);
        Assert.Equal(4, result.Value.Count);
        var rows = (await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"}")).ToListAsync()).ToDictionary(r => r.RowKey);
        Assert.Equal(["added", "guarded", "merged"], rows.Keys.Order());
        Assert.Equal(2, rows["guarded"]["V"]);
        Assert.Equal(("a", "b"), (rows["merged"].GetString("A"), rows["merged"].GetString("B")));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    public async Task Forbidden_key_characters_are_rejected_and_encoded_keys_round_trip(string id)
    {
        var table = await NewTableAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", id)));
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityIfExistsAsync(id, "r"));
        var key = TableKey.Encode(id + "%");
        await table.AddEntityAsync(new TableEntity("p", key) { ["Raw"] = id });
        var read = (await table.GetEntityAsync("p", key)).Value;
        Assert.Equal(id + "%", TableKey.Decode(read.RowKey));
        Assert.Equal(id, read.GetString("Raw"));
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_unicode_work_in_point_operations()
    {
        var table = await NewTableAsync();
        const string pk = "O'Brien & co", rk = "ünï cödé 😀 +=%";
        await table.UpsertEntityAsync(new TableEntity(pk, rk) { ["V"] = 1 });
        Assert.Equal(1, (await table.GetEntityAsync(pk, rk)).Value["V"]);
        await table.DeleteEntityAsync(pk, rk);
        Assert.False((await table.GetEntityIfExistsAsync(pk, rk)).HasValue);
    }
}
