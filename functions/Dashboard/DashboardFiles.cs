using System.Collections.Frozen;
using System.Security.Cryptography;

namespace WaFunctions.Dashboard;

/// <summary>One shipped file, read once: its bytes, its pre-compressed <c>.gz</c> sibling if the build made one, its type.</summary>
internal sealed record DashboardFile(byte[] Content, byte[]? Gzip, string ContentType, string ETag);

/// <summary>
/// The files of the built dashboard, keyed by their path relative to its folder ('/'-separated), read into memory on
/// first use (the build is a few files, ~100 KB). A request is answered only from this list, so <c>..</c>, encoded
/// separators or absolute paths find nothing.
/// </summary>
internal sealed class DashboardFiles
{
    /// <summary>Beside the app: the build copies <c>dashboard/dist</c> to <c>&lt;output&gt;/dashboard</c>.</summary>
    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "dashboard");

    private static readonly Lazy<DashboardFiles> Default = new(() => new DashboardFiles(DefaultRoot));

    public static DashboardFiles Shipped => Default.Value;

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".woff2"] = "font/woff2",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, DashboardFile> _files;

    public DashboardFiles(string root)
    {
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        if (Directory.Exists(root))
        {
            foreach (var full in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                // Only types we name are served; .gz files are the compressed twins of others, not files of their own.
                if (!Types.TryGetValue(Path.GetExtension(full), out var type)) continue;
                var content = File.ReadAllBytes(full);
                var gz = full + ".gz";
                var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
                var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..20] + "\"";
                files[relative] = new DashboardFile(content, File.Exists(gz) ? File.ReadAllBytes(gz) : null, type, etag);
            }
        }
        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Paths => _files.Keys;

    public DashboardFile? Find(string relativePath) => _files.GetValueOrDefault(relativePath);
}
