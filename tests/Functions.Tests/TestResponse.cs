using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace WaFunctions.Tests;

/// <summary>A buffered, header-less <see cref="Response"/> for feeding parsers.</summary>
internal sealed class TestResponse(int status, string content) : Response
{
    public override int Status => status;
    public override string ReasonPhrase => "";
    public override Stream? ContentStream { get; set; } = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
    public override string ClientRequestId { get; set; } = "";
    public override void Dispose() { }
    protected override bool ContainsHeader(string name) => false;
    protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) { value = null; return false; }
    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values) { values = null; return false; }
}
