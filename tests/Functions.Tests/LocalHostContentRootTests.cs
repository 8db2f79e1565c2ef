using WaFunctions.LocalHost;

namespace WaFunctions.Tests;

/// <summary>Tests that change the process's working directory: they run alone, after the others.</summary>
[CollectionDefinition(nameof(WorkingDirectory), DisableParallelization = true)]
public sealed class WorkingDirectory;

/// <summary>
/// The local host's content root is the app's folder wherever it is started from: the host watches its content root
/// for settings changes, and on Linux that watch walks every folder below it (from the repository root, node_modules).
/// </summary>
[Collection(nameof(WorkingDirectory))]
public sealed class LocalHostContentRootTests
{
    [Fact]
    public async Task The_content_root_is_the_app_folder_not_the_working_directory()
    {
        var elsewhere = Directory.CreateTempSubdirectory("wa-cwd-");
        var before = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(elsewhere.FullName);
            await using var app = LocalHostBuilder.Build(["--AzureWebJobsStorage=UseDevelopmentStorage=true", "--WA_SETTINGS_FILE=/nonexistent"]);
            Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(app.Environment.ContentRootPath));
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
            elsewhere.Delete(recursive: true);
        }
    }
}
