using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.History;
using WheelStrat.Actors.Replies;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Validation;

namespace WheelStrat.Api.History;

public sealed record HistoryDto(string Instrument, int ConId, string BarSize, string WhatToShow, bool UseRth, string TimeZone, IReadOnlyList<HistoryBar> Bars);

public static partial class HistoryEndpoints
{
    /// <summary>IB's valid bar sizes (reqHistoricalData barSizeSetting).</summary>
    public static readonly string[] BarSizes =
    [
        "1 secs", "5 secs", "10 secs", "15 secs", "30 secs", "1 min", "2 mins", "3 mins", "5 mins", "10 mins", "15 mins",
        "20 mins", "30 mins", "1 hour", "2 hours", "3 hours", "4 hours", "8 hours", "1 day", "1 week", "1 month",
    ];

    public static readonly string[] WhatToShowValues =
    [
        "MIDPOINT", "BID_ASK", "TRADES", "BID", "ASK", "OPTION_IMPLIED_VOLATILITY", "HISTORICAL_VOLATILITY", "ADJUSTED_LAST",
    ];

    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/history", GetAsync)
            .WithTags("Market data")
            .WithSummary("Historical bars in UTC (query: contract fields, duration, barSize, whatToShow, useRTH, end)");
        return app;
    }

    private static async Task<IResult> GetAsync(
        HttpRequest request, IRequiredActor<HistoryActor> history, IOptions<HistoryOptions> options, CancellationToken ct)
    {
        var errors = new Errors();
        var query = Parse(request.Query, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var wait = options.Value.Wait + TimeSpan.FromSeconds(3);
        return await (await history.GetAsync(ct)).Ask<object>(new HistoryProtocol.GetHistory(query!), wait, ct) switch
        {
            HistoryResult r => Results.Ok(new HistoryDto(r.Query.Spec.Key, r.ConId, r.Query.BarSize, r.Query.WhatToShow, r.Query.UseRth, r.TimeZoneId, r.Bars)),
            Failed f => f.ToProblem(),
            var other => FailedResults.Unexpected(other),
        };
    }

    private static HistoryQuery? Parse(IQueryCollection q, Errors errors)
    {
        var spec = SpecParser.FromQuery(q, errors);

        var duration = q["duration"].ToString().Trim().ToUpperInvariant();
        if (duration.Length == 0)
        {
            duration = "1 D";
        }
        else if (!DurationPattern().IsMatch(duration))
        {
            errors.Add("duration", $"'{SpecParser.Shorten(duration)}' must look like '3600 S', '5 D', '2 W', '1 M' or '1 Y'");
        }

        var barSize = q["barSize"].ToString().Trim();
        if (barSize.Length == 0)
        {
            barSize = "1 hour";
        }
        else if (!BarSizes.Contains(barSize, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("barSize", $"'{SpecParser.Shorten(barSize)}' is not one of: {string.Join(", ", BarSizes)}");
        }

        var whatToShow = q["whatToShow"].ToString().Trim().ToUpperInvariant();
        if (whatToShow.Length == 0)
        {
            whatToShow = "MIDPOINT";
        }
        else if (!WhatToShowValues.Contains(whatToShow))
        {
            errors.Add("whatToShow", $"'{SpecParser.Shorten(whatToShow)}' is not one of: {string.Join(", ", WhatToShowValues)}");
        }

        var useRth = true;
        var rawRth = q["useRTH"].ToString();
        if (rawRth.Length > 0 && !bool.TryParse(rawRth, out useRth))
        {
            errors.Add("useRTH", $"'{SpecParser.Shorten(rawRth)}' must be true or false");
        }

        DateTimeOffset? end = null;
        var rawEnd = q["end"].ToString();
        if (rawEnd.Length > 0)
        {
            if (DateTimeOffset.TryParse(rawEnd, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                && parsed.Year is >= 1990 and <= 2100)
            {
                end = parsed;
            }
            else
            {
                errors.Add("end", $"'{SpecParser.Shorten(rawEnd)}' is not an ISO-8601 date-time");
            }
        }

        var canonicalBarSize = BarSizes.FirstOrDefault(b => b.Equals(barSize, StringComparison.OrdinalIgnoreCase)) ?? barSize;
        return errors.Any ? null : new HistoryQuery(spec!, duration, canonicalBarSize, whatToShow, useRth, end);
    }

    [GeneratedRegex("^[1-9][0-9]{0,4} [SDWMY]$")]
    private static partial Regex DurationPattern();
}
