using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using WheelStrat.Actors.Persistence;

namespace WheelStrat.Actors.History.Store;

/// <summary>What the store holds for a series within a range: its bars and the stretches IB has answered.</summary>
public sealed record StoreSlice(IReadOnlyList<HistoryBar> Bars, IReadOnlyList<TimeRange> Covered);

public sealed record StoreStats(long Bars, long Series);

/// <summary>
/// Every bar the bridge has received, in the journal's database (SQLite file or PostgreSQL) through
/// linq2db. Only final bars are written; a write replaces the bars of its time span and widens the
/// series' coverage, so a range is fetched from IB once.
/// </summary>
public sealed class BarStore
{
    private readonly DataOptions _options;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Lazy<Task> _created;

    public BarStore(string connectionString, string providerName)
    {
        _options = new DataOptions().UseConnectionString(providerName, connectionString);
        _created = new Lazy<Task>(CreateTablesAsync);
    }

    public static BarStore For(PersistenceOptions options)
    {
        var (connectionString, provider) = options.Database();
        return new BarStore(connectionString, provider);
    }

    public async Task<StoreSlice> ReadAsync(BarSeries series, TimeRange range, CancellationToken ct = default)
    {
        await _created.Value;
        await using var db = new DataConnection(_options);
        var (from, to) = (range.From.ToUnixTimeSeconds(), range.To.ToUnixTimeSeconds());
        var bars = await Bars(db, series).Where(b => b.Time >= from && b.Time < to).OrderBy(b => b.Time).ToListAsync(ct);
        var covered = await Coverage(db, series).Where(c => c.From <= to && c.To >= from).ToListAsync(ct);
        return new StoreSlice(
            [.. bars.Select(ToBar)],
            TimeRange.Union(covered.Select(c => new TimeRange(DateTimeOffset.FromUnixTimeSeconds(c.From), DateTimeOffset.FromUnixTimeSeconds(c.To)))));
    }

    /// <summary>Stores <paramref name="bars"/> (final ones only) and records <paramref name="covered"/> as answered.</summary>
    public async Task WriteAsync(BarSeries series, IReadOnlyCollection<HistoryBar> bars, TimeRange covered, CancellationToken ct = default)
    {
        await _created.Value;
        // One writer at a time: coverage is read, merged and rewritten, which must not interleave.
        await _writes.WaitAsync(ct);
        try
        {
            await using var db = new DataConnection(_options);
            await using var tx = await db.BeginTransactionAsync(ct);
            if (bars.Count > 0)
            {
                var (first, last) = (bars.Min(b => b.Time).ToUnixTimeSeconds(), bars.Max(b => b.Time).ToUnixTimeSeconds());
                await Bars(db, series).Where(b => b.Time >= first && b.Time <= last).DeleteAsync(ct);
                await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, bars.Select(b => ToRow(series, b)), ct);
            }

            if (!covered.IsEmpty)
            {
                await WidenCoverageAsync(db, series, covered, ct);
            }

            await tx.CommitAsync(ct);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Remembers what IB qualified <paramref name="specKey"/> as.</summary>
    public async Task RememberAsync(string specKey, int conId, string timeZone, CancellationToken ct = default)
    {
        await _created.Value;
        await using var db = new DataConnection(_options);
        await db.InsertOrReplaceAsync(new StoredContract { SpecKey = specKey, ConId = conId, TimeZone = timeZone }, token: ct);
    }

    /// <summary>What IB once qualified <paramref name="specKey"/> as; null when it never did.</summary>
    public async Task<StoredContract?> RecallAsync(string specKey, CancellationToken ct = default)
    {
        await _created.Value;
        await using var db = new DataConnection(_options);
        return await db.GetTable<StoredContract>().FirstOrDefaultAsync(c => c.SpecKey == specKey, ct);
    }

    public async Task<StoreStats> StatsAsync(CancellationToken ct = default)
    {
        await _created.Value;
        await using var db = new DataConnection(_options);
        var bars = await db.GetTable<StoredBar>().LongCountAsync(ct);
        var series = await db.GetTable<StoredCoverage>().Select(c => new { c.ConId, c.BarSize, c.WhatToShow, c.UseRth }).Distinct().LongCountAsync(ct);
        return new StoreStats(bars, series);
    }

    private static async Task WidenCoverageAsync(DataConnection db, BarSeries series, TimeRange covered, CancellationToken ct)
    {
        var (from, to) = (covered.From.ToUnixTimeSeconds(), covered.To.ToUnixTimeSeconds());
        var touching = Coverage(db, series).Where(c => c.From <= to && c.To >= from);
        var existing = await touching.ToListAsync(ct);
        var merged = new StoredCoverage
        {
            ConId = series.ConId,
            BarSize = series.BarSize,
            WhatToShow = series.WhatToShow,
            UseRth = series.UseRth,
            From = existing.Select(c => c.From).Append(from).Min(),
            To = existing.Select(c => c.To).Append(to).Max(),
        };
        await touching.DeleteAsync(ct);
        await db.InsertAsync(merged, token: ct);
    }

    private async Task CreateTablesAsync()
    {
        await using var db = new DataConnection(_options);
        await db.CreateTableAsync<StoredBar>(tableOptions: TableOptions.CreateIfNotExists);
        await db.CreateTableAsync<StoredCoverage>(tableOptions: TableOptions.CreateIfNotExists);
        await db.CreateTableAsync<StoredContract>(tableOptions: TableOptions.CreateIfNotExists);
    }

    private static IQueryable<StoredBar> Bars(DataConnection db, BarSeries s) =>
        db.GetTable<StoredBar>().Where(b => b.ConId == s.ConId && b.BarSize == s.BarSize && b.WhatToShow == s.WhatToShow && b.UseRth == s.UseRth);

    private static IQueryable<StoredCoverage> Coverage(DataConnection db, BarSeries s) =>
        db.GetTable<StoredCoverage>().Where(c => c.ConId == s.ConId && c.BarSize == s.BarSize && c.WhatToShow == s.WhatToShow && c.UseRth == s.UseRth);

    private static HistoryBar ToBar(StoredBar b) =>
        new(DateTimeOffset.FromUnixTimeSeconds(b.Time), b.Open, b.High, b.Low, b.Close, b.Volume, b.Wap, b.Count);

    private static StoredBar ToRow(BarSeries s, HistoryBar b) => new()
    {
        ConId = s.ConId,
        BarSize = s.BarSize,
        WhatToShow = s.WhatToShow,
        UseRth = s.UseRth,
        Time = b.Time.ToUnixTimeSeconds(),
        Open = b.Open,
        High = b.High,
        Low = b.Low,
        Close = b.Close,
        Volume = b.Volume,
        Wap = b.Wap,
        Count = b.Count,
    };
}
