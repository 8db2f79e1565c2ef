using WaFunctions;
using WaFunctions.Hosting;
using WaFunctions.Licensing;

// Operator commands: license keys and tokens.
if (LicenseCommands.TryRun(args, Console.Out, Console.Error, out var exitCode))
{
    Environment.ExitCode = exitCode;
    return;
}

// Packaging: `WaFunctions --write-functions <dir>` writes host.json and every function.json.
if (args is ["--write-functions", var packageDirectory])
{
    FunctionsPackage.Write(packageDirectory, FunctionRegistry.All);
    return;
}

ApiComposition.Build(args).Run();

/// <summary>Entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
