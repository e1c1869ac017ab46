using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WheelStrat.Actors.Contracts;

namespace WheelStrat.Actors.History.Jobs;

/// <summary>
/// Bulk history for an option chain: which expirations (a range, or the next N), which strikes
/// (explicit, or a window around spot), which rights, sampled how, over which dates. With
/// <see cref="SecType"/> STK it is one stock's history instead (a /history query too large to wait for).
/// </summary>
public sealed record HistoryJobSpec(
    string Symbol,
    string? ExpirationFrom,
    string? ExpirationTo,
    int? ExpirationsAhead,
    IReadOnlyList<decimal>? Strikes,
    double? StrikeWindowPct,
    IReadOnlyList<string> Rights,
    string BarSize,
    string WhatToShow,
    bool UseRth,
    DateTimeOffset From,
    DateTimeOffset To,
    string SecType = "OPT")
{
    public bool IsStock => SecType == "STK";

    /// <summary>A /history query as a job: its contract and window, fetched in the jobs' share of IB's pacing.</summary>
    public static HistoryJobSpec ForQuery(HistoryQuery query, DateTimeOffset now)
    {
        var range = query.Range(now);
        var spec = query.Spec;
        return spec.IsOption
            ? new(spec.Symbol, spec.Expiration, spec.Expiration, null, [spec.Strike!.Value], null, [spec.Right!], query.BarSize, query.WhatToShow, query.UseRth, range.From, range.To)
            : new(spec.Symbol, null, null, null, null, null, [], query.BarSize, query.WhatToShow, query.UseRth, range.From, range.To, "STK");
    }

    /// <summary>The same job submitted twice has the same id, so it is one job.</summary>
    public string Id
    {
        get
        {
            var strikes = Strikes is null ? "window:" + StrikeWindowPct?.ToString(CultureInfo.InvariantCulture) : string.Join(",", Strikes.Order().Select(s => s.ToString("0.####", CultureInfo.InvariantCulture)));
            var canonical = string.Join("|", Symbol, ExpirationFrom, ExpirationTo, ExpirationsAhead, strikes, string.Join(",", Rights.Order(StringComparer.Ordinal)),
                BarSize, WhatToShow, UseRth, From.ToUnixTimeSeconds(), To.ToUnixTimeSeconds());
            // Option jobs keep the ids they had before stock jobs existed.
            canonical += IsStock ? "|STK" : "";
            return "hj-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
        }
    }

    /// <summary>What the job asks the history actor for one contract.</summary>
    public HistoryQuery QueryFor(ContractSpec contract) =>
        new(contract, BarSizes.Duration(To - From), BarSize, WhatToShow, UseRth, To);
}

/// <summary>planning → running → completed, or cancelled / failed (planning impossible).</summary>
public sealed record HistoryJobView(
    string Id,
    HistoryJobSpec Spec,
    string State,
    int Planned,
    int Done,
    int Failed,
    long Bars,
    int IbRequests,
    TimeSpan? EstimatedTimeLeft,
    IReadOnlyDictionary<string, string> Errors,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    string? Reason);
