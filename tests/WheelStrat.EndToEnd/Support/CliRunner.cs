namespace WheelStrat.EndToEnd.Support;

/// <summary>Runs the real wsctl (the built assembly) as a separate process.</summary>
public static class CliRunner
{
    public static Task<ToolRunner.Result> RunAsync(string url, string? apiKey, params string[] args) =>
        ToolRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "wsctl.dll"), .. args, "--url", url],
            environment: new Dictionary<string, string?> { ["WHEELSTRAT_API_KEY"] = apiKey });
}
