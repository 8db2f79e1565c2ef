using System.Security.Cryptography;
using System.Text;

namespace WaFunctions.Storage;

/// <summary>An account name and its key; signs request descriptions with HMAC-SHA256.</summary>
public sealed class StorageSharedKeyCredential(string accountName, string accountKey)
{
    private readonly byte[] _key = Convert.FromBase64String(accountKey);

    public string AccountName { get; } = accountName;

    internal string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
}
