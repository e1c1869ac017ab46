using System.Diagnostics;

namespace WheelStrat.EndToEnd.Support;

/// <summary>Runs a program as a separate process with a deadline and captures what it printed.</summary>
public static class ToolRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    /// <summary>The repository's root: the folder with WheelStrat.sln above the test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<Result> RunAsync(
        string program, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? environment = null, TimeSpan? deadline = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WheelStrat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("WheelStrat.sln not found above " + AppContext.BaseDirectory);
    }
}
