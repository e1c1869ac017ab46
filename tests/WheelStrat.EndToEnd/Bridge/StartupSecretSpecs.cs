using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using WheelStrat.Actors;
using WheelStrat.Api.Auth;
using WheelStrat.EndToEnd.Support;
using WheelStrat.Host;

namespace WheelStrat.EndToEnd.Bridge;

/// <summary>
/// A placeholder or short secret stops the bridge at start with the reason (outside --simulator); the simulator
/// keeps its key in the data folder from run to run.
/// </summary>
public sealed partial class StartupSecretSpecs
{
    [Theory]
    [InlineData("change-me-generate-with-openssl-rand-hex-32", "placeholder")]
    [InlineData("short-but-not-a-placeholder", "27 characters; at least 32")]
    public async Task A_placeholder_or_short_key_stops_the_bridge_with_the_reason(string key, string reason)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BridgeUnderTest.StartAsync(1, new Dictionary<string, string?>
        {
            ["Api:Keys:0"] = BridgeUnderTest.KeyA,
            ["Api:Keys:1"] = key,
        }));
        Assert.Contains("API key #2", failure.Message, StringComparison.Ordinal);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_placeholder_PostgreSQL_password_stops_the_bridge()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BridgeUnderTest.StartAsync(1, new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "PostgreSql",
            ["Persistence:ConnectionString"] = "Host=postgres;Database=wheelstrat;Username=wheelstrat;Password=change-me",
        }));
        Assert.Contains("POSTGRES_PASSWORD", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Every example secret in the repository's files is one the bridge refuses: a new example cannot slip through.</summary>
    [Fact]
    public void Every_example_secret_in_the_repository_is_refused()
    {
        var files = new[] { ".env.example", "README.md", "docker-compose.yml" }
            .Concat(Directory.GetFiles(Path.Combine(ToolRunner.RepositoryRoot, "ops"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(ToolRunner.RepositoryRoot, "docs"), "*.md", SearchOption.AllDirectories))
            .Select(f => Path.Combine(ToolRunner.RepositoryRoot, f));
        var examples = files.SelectMany(f => ExampleSecret().Matches(File.ReadAllText(f))
                .Select(m => (File: Path.GetFileName(f), Name: m.Groups["name"].Value, Value: m.Groups["value"].Value)))
            .Where(e => !e.Value.StartsWith('$') && e.Value.Length > 0)
            .ToList();

        Assert.Contains(examples, e => e.File == ".env.example" && e.Name == "WHEELSTRAT_API_KEY");
        Assert.Contains(examples, e => e.File == ".env.example" && e.Name == "POSTGRES_PASSWORD");
        foreach (var (file, name, value) in examples)
        {
            var refused = name == "POSTGRES_PASSWORD"
                ? Placeholders.IsPlaceholder(value)
                : BridgeApp.SplitKeys(value).All(k => ApiKeyRules.Problem(k, allowShort: false) is not null);
            Assert.True(refused, $"{file}: {name}='{value}' would be accepted");
        }
    }

    [Fact]
    public async Task The_simulator_keeps_its_key_in_the_data_folder_across_runs()
    {
        var data = Path.Combine(Path.GetTempPath(), "wheelstrat-tests", Guid.NewGuid().ToString("N"));
        var first = await SimulatorKeyAsync(data);
        var second = await SimulatorKeyAsync(data);

        Assert.Equal(first, second);
        Assert.Equal(first, File.ReadAllText(Path.Combine(data, SimulatorMode.KeyFileName)).Trim());
        Assert.Null(ApiKeyRules.Problem(first, allowShort: false));
    }

    private static async Task<string> SimulatorKeyAsync(string data)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Persistence:SqlitePath"] = Path.Combine(data, "wheelstrat.db");
        builder.Configuration[BridgeApp.ApiKeyVariable] = "";
        await using var simulator = await SimulatorMode.StartAsync(builder);
        return builder.Configuration["Api:Keys:0"]!;
    }

    [GeneratedRegex("(?<!\\{)(?<name>WHEELSTRAT_API_KEY|POSTGRES_PASSWORD)[=:] ?(?<value>[^\\s;\"'`]*)")]
    private static partial Regex ExampleSecret();
}
