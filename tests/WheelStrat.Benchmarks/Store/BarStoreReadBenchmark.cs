using BenchmarkDotNet.Attributes;
using WheelStrat.Actors.History;
using WheelStrat.Actors.History.Store;

namespace WheelStrat.Benchmarks.Store;

/// <summary>
/// Serving a backtest from the store: one year of 1-hour bars (every hour of 365 days: 8,760 bars, more
/// than a real RTH year's ~1,760) read from a SQLite file. Bars per second = 8,760 / Mean.
/// </summary>
[MemoryDiagnoser]
public class BarStoreReadBenchmark
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly BarSeries _series = new(265598, "1 hour", "MIDPOINT", false);
    private string _path = "";
    private BarStore _store = null!;

    public static int Bars => 365 * 24;

    [GlobalSetup]
    public async Task Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"bar-store-bench-{Guid.NewGuid():N}.db");
        _store = new BarStore($"Data Source={_path}", LinqToDB.ProviderName.SQLiteMS);
        await _store.WriteAsync(_series, StoreSize.Hourly(Start, Bars), new TimeRange(Start, Start.AddHours(Bars)));
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public async Task<int> OneYearOfHourlyBars() =>
        (await _store.ReadAsync(_series, new TimeRange(Start, Start.AddHours(Bars)))).Bars.Count;
}

/// <summary>Store size per million bars: writes them in year-long batches to a fresh SQLite file and reports its size.</summary>
public static class StoreSize
{
    public static async Task<int> RunAsync(int bars)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bar-store-size-{Guid.NewGuid():N}.db");
        var store = new BarStore($"Data Source={path}", LinqToDB.ProviderName.SQLiteMS);
        var started = System.Diagnostics.Stopwatch.StartNew();
        const int perSeries = 365 * 24;
        for (var written = 0; written < bars; written += perSeries)
        {
            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var count = Math.Min(perSeries, bars - written);
            var series = new BarSeries(1_000_000 + (written / perSeries), "1 hour", "TRADES", true);
            await store.WriteAsync(series, Hourly(start, count), new TimeRange(start, start.AddHours(count)));
        }

        var elapsed = started.Elapsed;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var size = new FileInfo(path).Length;
        Console.WriteLine($"{bars:N0} bars written in {elapsed.TotalSeconds:0.0} s ({bars / elapsed.TotalSeconds:N0} bars/s); " +
            $"SQLite file {size / 1024.0 / 1024.0:0.0} MiB = {size / (bars / 1_000_000.0) / 1024 / 1024:0.0} MiB per million bars ({(double)size / bars:0} bytes/bar)");
        File.Delete(path);
        return 0;
    }

    public static List<HistoryBar> Hourly(DateTimeOffset start, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new HistoryBar(start.AddHours(i), 100 + (i % 50), 101 + (i % 50), 99 + (i % 50), 100.5 + (i % 50), 1000 + i, 100.25m + (i % 50), 10 + (i % 90)))];
}
