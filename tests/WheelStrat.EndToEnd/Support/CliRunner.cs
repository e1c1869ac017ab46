using System.Diagnostics;

namespace WheelStrat.EndToEnd.Support;

/// <summary>Runs the real wsctl (the built assembly) as a separate process.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string url, string? apiKey, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "wsctl.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var a in args.Concat(["--url", url]))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("WHEELSTRAT_API_KEY");
        if (apiKey is not null)
        {
            start.Environment["WHEELSTRAT_API_KEY"] = apiKey;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
