using WaFunctions.Hosting;
using WaFunctions.TestHost;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFunctionsHost([.. FunctionRegistry.All, .. TestFunctions.All], [.. FunctionRegistry.Tables, TestFunctions.RunsTable], FunctionRegistry.SentQueues);

var app = builder.Build();
app.MapFunctions();
app.Run();
