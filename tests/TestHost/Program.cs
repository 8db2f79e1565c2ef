using WaFunctions;
using WaFunctions.TestHost;

ApiComposition.Build(args, TestFunctions.All, [TestFunctions.RunsTable], CrashAtStep.Register).Run();
