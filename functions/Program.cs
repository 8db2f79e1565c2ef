using WaFunctions.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFunctionsHost(FunctionRegistry.All, FunctionRegistry.Tables, FunctionRegistry.SentQueues);

var app = builder.Build();
app.MapFunctions();
app.Run();

/// <summary>Entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
