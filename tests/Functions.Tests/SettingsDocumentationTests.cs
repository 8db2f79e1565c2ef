using System.Text.Json;
using System.Text.RegularExpressions;

namespace WaFunctions.Tests;

/// <summary>
/// Every setting the code reads is documented in both the README's configuration section and
/// <c>local.settings.sample.json</c>, and neither documents a setting no code reads. Adding a setting means adding
/// a row to the README table and a "Comments" entry to the sample.
///
/// What counts as "read", kept simple on purpose (a setting read some other way will not be seen):
/// <list type="bullet">
/// <item>C# under <c>functions/</c> (bin/obj skipped): a string literal that is exactly a setting name,
/// <see cref="CSharpSetting"/>, e.g. <c>config["WA_PORT"]</c> or <c>const string KeySetting = "WA_LICENSE_KEY"</c>.
/// Configuration's <c>:</c> is written <c>__</c>, as in environment variables and the settings file.</item>
/// <item>TypeScript under <c>engine-host/src/</c>: a quoted string that is exactly a setting name,
/// <see cref="TypeScriptSetting"/>, e.g. <c>src['WA_POLL_MIN_MS']</c>.</item>
/// <item><c>run.sh</c>: a parameter expansion of a <c>WA_</c> variable, <see cref="ShellSetting"/>, e.g. <c>${WA_DATA_DIR:-…}</c>.</item>
/// </list>
/// A setting name is <c>WA_…</c> or <c>FUNCTIONS_…</c> in capitals, or <c>AzureWebJobsStorage</c> with an optional
/// <c>__part</c>. Documented means: a table row in the README's "## Configuration" section whose first cell is the
/// name in backticks, and a key of the sample's "Comments" object.
/// </summary>
public sealed class SettingsDocumentationTests
{
    private const string Name = @"(?:WA|FUNCTIONS)_[A-Z0-9_]+|AzureWebJobsStorage(?:(?::|__)[A-Za-z]+)?";
    private static readonly Regex CSharpSetting = new($"\"(?<name>{Name})\"");
    private static readonly Regex TypeScriptSetting = new($"['\"`](?<name>{Name})['\"`]");
    private static readonly Regex ShellSetting = new(@"\$\{?(?<name>WA_[A-Z0-9_]+)");
    private static readonly Regex ReadmeRow = new(@"^\|\s*`(?<name>[^`]+)`\s*\|", RegexOptions.Multiline);

    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaFunctions.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (WaFunctions.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>Setting name → the files (relative to the repository root) that read it.</summary>
    private static SortedDictionary<string, SortedSet<string>> ReadByCode()
    {
        var read = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Scan(IEnumerable<string> files, Regex regex)
        {
            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj" or "node_modules")) continue;
                foreach (Match m in regex.Matches(File.ReadAllText(file)))
                {
                    var name = m.Groups["name"].Value.Replace(":", "__");
                    if (!read.TryGetValue(name, out var readers)) read[name] = readers = new SortedSet<string>(StringComparer.Ordinal);
                    readers.Add(relative);
                }
            }
        }
        IEnumerable<string> Under(string directory, string pattern) =>
            Directory.EnumerateFiles(Path.Combine(Root, directory), pattern, SearchOption.AllDirectories);
        Scan(Under("functions", "*.cs"), CSharpSetting);
        Scan(Under("engine-host/src", "*.ts"), TypeScriptSetting);
        Scan([Path.Combine(Root, "run.sh")], ShellSetting);
        return read;
    }

    private static SortedSet<string> DocumentedInReadme()
    {
        var text = File.ReadAllText(Path.Combine(Root, "README.md"));
        var start = text.IndexOf("\n## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Configuration' section.");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        return new SortedSet<string>(ReadmeRow.Matches(section).Select(m => m.Groups["name"].Value), StringComparer.Ordinal);
    }

    private static (SortedSet<string> Comments, SortedSet<string> Values) DocumentedInSample()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")));
        SortedSet<string> Keys(string property) => new(
            doc.RootElement.TryGetProperty(property, out var o) ? o.EnumerateObject().Select(p => p.Name) : [], StringComparer.Ordinal);
        return (Keys("Comments"), Keys("Values"));
    }

    private static string Describe(IEnumerable<string> names, SortedDictionary<string, SortedSet<string>>? read = null) =>
        string.Join("\n", names.Select(n => read is not null && read.TryGetValue(n, out var files) ? $"  {n}  (read in {string.Join(", ", files)})" : $"  {n}"));

    [Fact]
    public void The_extraction_sees_settings_in_each_kind_of_source()
    {
        var read = ReadByCode();
        Assert.Contains("WA_PORT", read.Keys);                          // C#
        Assert.Contains("AzureWebJobsStorage__accountName", read.Keys); // C# configuration key with ':'
        Assert.Contains("WA_POLL_MIN_MS", read.Keys);                   // engine-host TypeScript
        Assert.Contains("WA_DATA_DIR", read.Keys);                      // run.sh
        Assert.DoesNotContain(read.Keys, n => n.Contains(':'));
    }

    [Fact]
    public void Every_setting_the_code_reads_is_in_the_README_configuration_table()
    {
        var read = ReadByCode();
        var missing = read.Keys.Except(DocumentedInReadme()).ToList();
        Assert.True(missing.Count == 0, $"Settings the code reads but README.md's configuration table does not list:\n{Describe(missing, read)}");
    }

    [Fact]
    public void Every_setting_the_code_reads_is_in_the_sample_settings_file()
    {
        var read = ReadByCode();
        var missing = read.Keys.Except(DocumentedInSample().Comments).ToList();
        Assert.True(missing.Count == 0, $"Settings the code reads but local.settings.sample.json's \"Comments\" does not explain:\n{Describe(missing, read)}");
    }

    [Fact]
    public void The_README_documents_no_setting_that_no_code_reads()
    {
        var stale = DocumentedInReadme().Except(ReadByCode().Keys).ToList();
        Assert.True(stale.Count == 0, $"README.md's configuration table lists settings no code reads:\n{Describe(stale)}");
    }

    [Fact]
    public void The_sample_documents_no_setting_that_no_code_reads()
    {
        var (comments, values) = DocumentedInSample();
        var stale = comments.Union(values).Except(ReadByCode().Keys).ToList();
        Assert.True(stale.Count == 0, $"local.settings.sample.json has settings no code reads:\n{Describe(stale)}");
    }

    [Fact]
    public void Every_value_in_the_sample_is_explained()
    {
        var (comments, values) = DocumentedInSample();
        var unexplained = values.Except(comments).ToList();
        Assert.True(unexplained.Count == 0, $"local.settings.sample.json sets values its \"Comments\" does not explain:\n{Describe(unexplained)}");
    }
}
