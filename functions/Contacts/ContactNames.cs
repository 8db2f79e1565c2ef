using System.Collections.Concurrent;
using WaFunctions.Chats;

namespace WaFunctions.Contacts;

/// <summary>
/// Names chats after the CRM contact with that phone number. Two point reads (phone index, then the
/// contact) on a miss; answers are cached briefly per process so a burst of messages in one chat
/// costs them once. A renamed contact shows in chats within <see cref="CacheTtl"/>.
/// </summary>
internal sealed class ContactNames(ContactStore contacts, TimeProvider clock) : IContactNames
{
    private static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string? Name, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<string?> NameForPhoneAsync(string phoneDigits, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(phoneDigits, out var cached) && cached.Until > now) return cached.Name;
        string? name = null;
        if (await contacts.OwnerOfAsync(phoneDigits, ct).ConfigureAwait(false) is { } id
            && await contacts.GetAsync(id, ct).ConfigureAwait(false) is var (contact, _))
            name = contact.Name;
        _cache[phoneDigits] = (name, now + CacheTtl);
        return name;
    }
}
