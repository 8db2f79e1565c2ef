namespace WaFunctions.Chats;

/// <summary>The CRM's name for a phone number, used as a chat's name before the WhatsApp push name.</summary>
public interface IContactNames
{
    Task<string?> NameForPhoneAsync(string phoneDigits, CancellationToken ct);
}
