using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

public class SharedKeyPolicyTests
{
    private const string Account = "devstoreaccount1";
    private static readonly byte[] KeyBytes = Enumerable.Range(0, 64).Select(i => (byte)(i * 7 + 3)).ToArray();
    private static readonly StorageSharedKeyCredential Credential = new(Account, Convert.ToBase64String(KeyBytes));

    private static string Expected(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(KeyBytes, Encoding.UTF8.GetBytes(stringToSign)));

    [Fact]
    public void Sign_IsHmacSha256OfUtf8WithTheDecodedKey()
    {
        var toSign = "GET\n\n\nSun, 29 Jun 2025 10:15:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables ü";
        Assert.Equal(Expected(toSign), Credential.Sign(toSign));
        Assert.NotEqual(Credential.Sign("a"), Credential.Sign("b"));
    }

    [Fact]
    public void Sign_KnownVector()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var credential = new StorageSharedKeyCredential("a", Convert.ToBase64String("Jefe"u8.ToArray()));
        Assert.Equal(
            Convert.ToBase64String(Convert.FromHexString("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
            credential.Sign("what do ya want for nothing?"));
    }

    private static (HttpMessage Message, Request Request) NewMessage(RequestMethod method, string uri)
    {
        var request = HttpClientTransport.Shared.CreateRequest();
        request.Method = method;
        request.Uri.Reset(new Uri(uri));
        return (new HttpMessage(request, new ResponseClassifier()), request);
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var v) ? v : throw new Xunit.Sdk.XunitException($"no {name} header");

    [Fact]
    public void Table_SignsVerbMd5TypeDateAndResourceWithComp()
    {
        var (message, request) = NewMessage(RequestMethod.Put,
            "http://127.0.0.1:10002/devstoreaccount1/messages(PartitionKey='p',RowKey='r')?comp=acl&timeout=30");
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("x-ms-version", "2019-02-02");

        new SharedKeyPolicy(Credential, SharedKeyPolicy.Service.Table).OnSendingRequest(message);

        var date = Header(request, "x-ms-date");
        Assert.True(DateTimeOffset.TryParseExact(date, "r", null, System.Globalization.DateTimeStyles.None, out _), date);
        var expected = $"PUT\n\napplication/json\n{date}\n/devstoreaccount1/devstoreaccount1/messages(PartitionKey='p',RowKey='r')?comp=acl";
        Assert.Equal($"SharedKey devstoreaccount1:{Expected(expected)}", Header(request, "Authorization"));
    }

    [Fact]
    public void Queue_SignsHeadersAndEveryQueryParameter()
    {
        var (message, request) = NewMessage(RequestMethod.Get,
            "http://127.0.0.1:10001/devstoreaccount1/engine-events/messages?VisibilityTimeout=30&numofmessages=16&b=2&b=1");
        request.Headers.SetValue("x-ms-version", "2021-08-06");
        request.Headers.SetValue("X-MS-Client-Request-Id", "  abc  ");
        request.Headers.SetValue("If-Match", "*");

        new SharedKeyPolicy(Credential, SharedKeyPolicy.Service.Queue).OnSendingRequest(message);

        var date = Header(request, "x-ms-date");
        var expected =
            "GET\n\n\n\n\n\n\n\n*\n\n\n\n" +
            $"x-ms-client-request-id:abc\nx-ms-date:{date}\nx-ms-version:2021-08-06\n" +
            "/devstoreaccount1/devstoreaccount1/engine-events/messages\nb:1,2\nnumofmessages:16\nvisibilitytimeout:30";
        Assert.Equal($"SharedKey devstoreaccount1:{Expected(expected)}", Header(request, "Authorization"));
    }

    [Fact]
    public void Queue_SignsContentLengthAndType()
    {
        var (message, request) = NewMessage(RequestMethod.Post, "https://acct.queue.core.windows.net/q/messages");
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Headers.SetValue("x-ms-version", "2021-08-06");
        request.Content = RequestContent.Create("<QueueMessage/>"u8.ToArray());

        new SharedKeyPolicy(new StorageSharedKeyCredential("acct", Convert.ToBase64String(KeyBytes)), SharedKeyPolicy.Service.Queue)
            .OnSendingRequest(message);

        var date = Header(request, "x-ms-date");
        var expected = $"POST\n\n\n15\n\napplication/xml\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:2021-08-06\n/acct/q/messages";
        Assert.Equal($"SharedKey acct:{Expected(expected)}", Header(request, "Authorization"));
    }
}
