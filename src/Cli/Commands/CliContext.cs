namespace WheelStrat.Cli.Commands;

/// <summary>What every command gets: the client, the output mode and where to write.</summary>
public sealed class CliContext(BridgeClient client, bool json, TextWriter output)
{
    public BridgeClient Client { get; } = client;

    public bool AsJson { get; } = json;

    public TextWriter Out { get; } = output;

    /// <summary>Prints a refused or failed call and returns its exit code.</summary>
    public int Report(BridgeAnswer answer)
    {
        if (AsJson)
        {
            Out.WriteLine(answer.Body is { } body ? Output.Json.Indented(body) : $"{{\"error\": \"{answer.Error}\"}}");
        }
        else if (!answer.Reachable)
        {
            Out.WriteLine($"unreachable: {answer.Error}");
        }
        else
        {
            Out.WriteLine($"HTTP {(int)answer.Status!}: {answer.Problem}{answer.RetryHint}");
        }

        return answer.ExitCode;
    }
}
