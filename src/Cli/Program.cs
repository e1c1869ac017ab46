using System.CommandLine;
using WheelStrat.Cli;
using WheelStrat.Cli.Commands;

var url = new Option<string>("--url")
{
    Description = "Bridge base URL (env WHEELSTRAT_URL)",
    Recursive = true,
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WHEELSTRAT_URL") ?? "http://127.0.0.1:5000",
};
// No default value factory: --help prints defaults, and this one is a secret.
var apiKey = new Option<string?>("--api-key") { Description = "API key sent as X-API-KEY (env WHEELSTRAT_API_KEY)", Recursive = true };
var json = new Option<bool>("--json") { Description = "Print the bridge's JSON instead of tables", Recursive = true };
var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer", Recursive = true, DefaultValueFactory = _ => 70 };

var root = new RootCommand("wsctl — operator CLI for the WheelStrat bridge. Exit codes: 0 ok, 1 degraded, 2 unhealthy, 3 unreachable, 4 unauthorized, 5 error, 64 usage.");
root.Options.Add(url);
root.Options.Add(apiKey);
root.Options.Add(json);
root.Options.Add(timeout);

var connect = new Option<bool>("--connect") { Description = "Ask the bridge for an immediate connect attempt first" };
var health = new Command("health", "Gateway connection status and diagnostics") { connect };
health.SetAction((r, ct) => Run(r, cx => HealthCommand.RunAsync(cx, r.GetValue(connect), ct)));

var actors = new Command("actors", "The actor tree with state, restarts and mailbox depth");
actors.SetAction((r, ct) => Run(r, cx => ActorsCommand.RunAsync(cx, ct)));

var orderStatus = new Option<string?>("--status") { Description = "open, final or all (default all)" };
var orderLimit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 50 };
var orders = new Command("orders", "Orders known to the bridge, newest first") { orderStatus, orderLimit };
orders.SetAction((r, ct) => Run(r, cx => ListCommands.OrdersAsync(cx, r.GetValue(orderStatus), r.GetValue(orderLimit), ct)));

var since = new Option<string?>("--since") { Description = "ISO-8601 start, e.g. 2026-11-28 or 2026-11-28T14:00:00Z" };
var executions = new Command("executions", "Trades from the journal") { since };
executions.SetAction((r, ct) => Run(r, cx => ListCommands.ExecutionsAsync(cx, r.GetValue(since), ct)));

var sync = new Command("sync", "Run an execution sync now");
sync.SetAction((r, ct) => Run(r, cx => ListCommands.SyncAsync(cx, ct)));

var symbol = new Argument<string>("symbol") { Description = "Underlying symbol, e.g. AAPL" };
var expiration = new Option<string?>("--expiration") { Description = "Option expiration YYYYMMDD" };
var strike = new Option<string?>("--strike") { Description = "Option strike" };
var right = new Option<string?>("--right") { Description = "C or P" };
var quote = new Command("quote", "A quote for a stock or (with --expiration/--strike/--right) an option") { symbol, expiration, strike, right };
quote.SetAction((r, ct) => Run(r, cx => ListCommands.QuoteAsync(cx, r.GetValue(symbol)!, r.GetValue(expiration), r.GetValue(strike), r.GetValue(right), ct)));

var duration = new Option<string>("--duration") { Description = "IB duration back from --end, e.g. '5 D', '2 W', '1 Y'", DefaultValueFactory = _ => "5 D" };
var barSize = new Option<string>("--bar-size") { Description = "IB bar size, e.g. '1 hour', '1 day'", DefaultValueFactory = _ => "1 hour" };
var end = new Option<string?>("--end") { Description = "ISO-8601 end (default now)" };
var history = new Command("history", "Historical bars (from the bridge's store, IB asked only for what is missing)") { symbol, expiration, strike, right, duration, barSize, end };
history.SetAction((r, ct) => Run(r, cx => ListCommands.HistoryAsync(cx, r.GetValue(symbol)!, r.GetValue(expiration), r.GetValue(strike), r.GetValue(right),
    r.GetValue(duration)!, r.GetValue(barSize)!, r.GetValue(end), ct)));

var jobId = new Argument<string?>("id") { Description = "One job's id (all jobs when absent)", Arity = ArgumentArity.ZeroOrOne };
var jobs = new Command("jobs", "Bulk history jobs: planned, done, failed, time left under IB's pacing") { jobId };
jobs.SetAction((r, ct) => Run(r, cx => ListCommands.JobsAsync(cx, r.GetValue(jobId), ct)));

var connectOnce = new Option<bool>("--connect-once") { Description = "Also try one connect (health?connect=true)" };
var diag = new Command("diag", "The diagnostics checks: ping, health, optional connect, authenticated executions") { connectOnce };
diag.SetAction((r, ct) => Run(r, cx => DiagCommand.RunAsync(cx, r.GetValue(connectOnce), !string.IsNullOrEmpty(KeyOf(r)), ct)));

var watchInstruments = new Argument<string[]>("instruments") { Description = "Instruments to stream quotes for: SYMBOL or 'SYMBOL YYYYMMDD STRIKE C|P'", Arity = ArgumentArity.ZeroOrMore };
var watchOrders = new Option<bool>("--orders") { Description = "Also order updates" };
var watchExecutions = new Option<bool>("--executions") { Description = "Also fills (again when their commission arrives)" };
var maxEvents = new Option<int>("--max-events") { Description = "Exit after this many events (default: run until Ctrl-C)", DefaultValueFactory = _ => int.MaxValue };
var watchNoHealth = new Option<bool>("--no-health") { Description = "Leave out health events (gateway status changes)" };
var watchAfter = new Option<long?>("--after") { Description = "Replay the order and execution events after this id first (0: all the bridge still keeps)" };
var watch = new Command("watch", "Print the bridge's event stream live (GET /stream): quotes, orders, fills, health; resumes after a drop") { watchInstruments, watchOrders, watchExecutions, watchNoHealth, watchAfter, maxEvents };
watch.SetAction((r, ct) => Run(r, cx => WatchCommand.RunAsync(cx, r.GetValue(watchInstruments) ?? [], r.GetValue(watchOrders), r.GetValue(watchExecutions), !r.GetValue(watchNoHealth), r.GetValue(watchAfter), r.GetValue(maxEvents), ct)));

foreach (var command in new[] { health, actors, orders, executions, sync, quote, history, jobs, diag, watch })
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();

async Task<int> Run(ParseResult r, Func<CliContext, Task<int>> command)
{
    if (!Uri.TryCreate(r.GetValue(url), UriKind.Absolute, out var baseUrl))
    {
        await Console.Error.WriteLineAsync($"--url: '{r.GetValue(url)}' is not an absolute URL");
        return ExitCodes.Usage;
    }

    using var client = new BridgeClient(baseUrl, KeyOf(r), TimeSpan.FromSeconds(Math.Max(1, r.GetValue(timeout))));
    return await command(new CliContext(client, r.GetValue(json), Console.Out));
}

string? KeyOf(ParseResult r) => r.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("WHEELSTRAT_API_KEY");
