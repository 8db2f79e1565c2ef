using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Deployment;

/// <summary>
/// No azd or Bicep compiler runs here, so the deployment files are checked against each other:
/// every path azure.yaml names exists, its service names match the Bicep tags and outputs, and
/// no template puts a storage key into settings (infra/check.mjs).
/// </summary>
public sealed class InfraCheckTests
{
    [Fact]
    public async Task Azure_yaml_and_the_Bicep_templates_agree()
    {
        await using var check = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "infra", "check.mjs")], new Dictionary<string, string?>());
        var exit = await check.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, check.Output);
        Assert.Matches(@"infra check: \d+ passed, 0 failed", check.StandardOutputLines.Last());
    }
}
