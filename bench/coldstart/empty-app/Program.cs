var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/", () => "ok");
app.Run();
