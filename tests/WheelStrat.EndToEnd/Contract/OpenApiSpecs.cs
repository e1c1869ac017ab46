using System.Net.Http.Json;
using System.Text.Json;
using WheelStrat.EndToEnd.Support;

namespace WheelStrat.EndToEnd.Contract;

/// <summary>
/// /openapi/v1.json is a contract an app team generates a client from: it lints with zero errors, and a TypeScript
/// client generated from it compiles and talks to the bridge. The npm tools are pinned in tools/openapi
/// (./test.sh runs npm ci there).
/// </summary>
public sealed class OpenApiSpecs
{
    private static readonly string Tools = Path.Combine(ToolRunner.RepositoryRoot, "tools", "openapi");

    [Fact]
    public async Task Every_operation_has_its_parameters_bodies_responses_and_security()
    {
        await using var sb = await SimulatedBridge.StartAsync();
        var doc = await sb.Bridge.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-API-KEY", scheme.GetProperty("name").GetString());
        foreach (var (path, method, op) in Operations(doc))
        {
            var open = path is "/ping" or "/health" or "/status";
            Assert.True(open != op.TryGetProperty("security", out _), $"{method} {path}: security");
            var responses = op.GetProperty("responses");
            Assert.True(open || responses.TryGetProperty("401", out _), $"{method} {path}: no 401");
            if (responses.TryGetProperty("503", out var unavailable))
            {
                Assert.True(unavailable.TryGetProperty("headers", out var h) && h.TryGetProperty("Retry-After", out _), $"{method} {path}: 503 without Retry-After");
            }
        }

        var quote = Operation(doc, "/quote", "get");
        Assert.Contains(quote.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "symbol" && p.GetProperty("required").GetBoolean());
        var order = Operation(doc, "/order", "post");
        Assert.EndsWith("/OrderBody", order.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "201", "202", "400", "409", "422", "503" })
        {
            Assert.True(order.GetProperty("responses").TryGetProperty(status, out _), $"POST /order has no {status}");
        }

        var body = doc.GetProperty("components").GetProperty("schemas").GetProperty("OrderBody").GetProperty("properties");
        Assert.Equal(["BUY", "SELL"], body.GetProperty("action").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("integer", body.GetProperty("quantity").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_document_lints_clean_and_a_generated_TypeScript_client_compiles_and_trades()
    {
        Assert.True(Directory.Exists(Path.Combine(Tools, "node_modules")), $"run 'npm ci' in {Tools} first (./test.sh does)");
        await using var sb = await SimulatedBridge.StartAsync();
        var generated = Directory.CreateDirectory(Path.Combine(Tools, "generated")).FullName;
        var document = Path.Combine(generated, "openapi.json");
        await File.WriteAllTextAsync(document, await sb.Bridge.Http.GetStringAsync("/openapi/v1.json"));

        var lint = await Npx("redocly", "lint", document, "--config", Path.Combine(Tools, "redocly.yaml"), "--format", "stylish");
        Assert.True(lint.ExitCode == 0, lint.ToString());
        // A field with a default may be left out of a request: not "required" in the generated types.
        var types = await Npx("openapi-typescript", document, "--output", Path.Combine(generated, "bridge.ts"), "--default-non-nullable=false");
        Assert.True(types.ExitCode == 0, types.ToString());
        var compiled = await Npx("tsc", "-p", Path.Combine(Tools, "tsconfig.json"));
        Assert.True(compiled.ExitCode == 0, compiled.ToString());

        var run = await ToolRunner.RunAsync("node", [Path.Combine(Tools, "dist", "client", "smoke.js"), sb.Bridge.Url, BridgeUnderTest.KeyA, "ts-client-1"], Tools);
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(l => l.GetProperty("call").GetString()!);
        Assert.Equal("ok", lines["health"].GetProperty("gateway").GetString());
        Assert.Equal(200, lines["quote"].GetProperty("status").GetInt32());
        Assert.Equal("AAPL", lines["quote"].GetProperty("key").GetString());
        Assert.True(lines["quote"].GetProperty("bid").GetDouble() > 0, run.Output);
        Assert.Equal(201, lines["order"].GetProperty("status").GetInt32());
        Assert.Equal(150m, lines["order"].GetProperty("limitPrice").GetDecimal());
        Assert.Equal(150.004m, lines["order"].GetProperty("requestedLimitPrice").GetDecimal());
    }

    private static Task<ToolRunner.Result> Npx(string tool, params string[] args) =>
        ToolRunner.RunAsync(Path.Combine(Tools, "node_modules", ".bin", tool), args, Tools, deadline: TimeSpan.FromMinutes(2));

    private static JsonElement Operation(JsonElement doc, string path, string method) => doc.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<(string Path, string Method, JsonElement Op)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(m => (p.Name, m.Name, m.Value)));
}
