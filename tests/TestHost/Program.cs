using WaFunctions.LocalHost;
using WaFunctions.TestHost;

LocalHostBuilder.Build(args, [typeof(TestFunctions).Assembly], CrashAtStep.Register).Run();
