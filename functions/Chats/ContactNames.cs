namespace WaFunctions.Chats;

/// <summary>
/// The CRM's name for a phone number, used as a chat's name before the WhatsApp push name.
/// The contacts slice provides the real lookup (a point read on its phone index); until it is
/// registered, <see cref="NoContactNames"/> answers null and chats are named by push name.
/// </summary>
public interface IContactNames
{
    Task<string?> NameForPhoneAsync(string phoneDigits, CancellationToken ct);
}

internal sealed class NoContactNames : IContactNames
{
    public Task<string?> NameForPhoneAsync(string phoneDigits, CancellationToken ct) => Task.FromResult<string?>(null);
}
