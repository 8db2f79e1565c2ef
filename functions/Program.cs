using WaFunctions;
using WaFunctions.Hosting;

// Packaging: `WaFunctions --write-functions <dir>` writes host.json and every function.json.
if (args is ["--write-functions", var packageDirectory])
{
    FunctionsPackage.Write(packageDirectory, FunctionRegistry.All);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFunctionsHost(FunctionRegistry.All, FunctionRegistry.Tables, FunctionRegistry.SentQueues);
builder.Services.AddApi(builder.Configuration);

var app = builder.Build();
app.UseApi();
app.MapFunctions();
app.Run();

/// <summary>Entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
