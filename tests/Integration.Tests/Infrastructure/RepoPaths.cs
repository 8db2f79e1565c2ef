namespace WaFunctions.Tests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaFunctions.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (WaFunctions.sln) above " + AppContext.BaseDirectory);
    }

    public static string NodeBin(string name) => Path.Combine(Root, "node_modules", ".bin", name);
}
