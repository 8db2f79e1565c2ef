using WaFunctions.Api;
using WaFunctions.Licensing;
using WaFunctions.LocalHost;

// Operator commands: license keys and tokens.
if (LicenseCommands.TryRun(args, Console.Out, Console.Error, out var exitCode))
{
    Environment.ExitCode = exitCode;
    return;
}

// Started by the Azure Functions host: an isolated worker. Started directly (run.sh, tests, a laptop without Core
// Tools): the local host runs the same endpoints and [Function] triggers itself. Both add the same services.
if (AzureHost.IsStartedByFunctionsHost(args))
    AzureHost.Build(args).Run();
else
    LocalHostBuilder.Build(args).Run();

/// <summary>Entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
