var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/ping", () => "ok");
app.Run();
