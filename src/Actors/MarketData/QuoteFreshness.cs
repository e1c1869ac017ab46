using WheelStrat.Actors.Gateway;

namespace WheelStrat.Actors.MarketData;

/// <summary>Why a quote may be old, and since when.</summary>
public sealed record Staleness(string Reason, DateTimeOffset? Since);

/// <summary>
/// Decides whether a line's quote may be old. Pure: the gateway's health, the line's own facts and the
/// clock in, the first reason out — the gateway's state before the line's, as it explains the line's.
/// </summary>
public static class QuoteFreshness
{
    public static Staleness? Assess(GatewayHealth health, bool isOption, DateTimeOffset? lastTick, DateTimeOffset? competingSince, DateTimeOffset now, TimeSpan staleAfter)
    {
        if (!health.Connected)
        {
            return new Staleness("not connected to IB Gateway", health.LastDisconnectAt);
        }

        if (health.IbConnectivityLost)
        {
            return new Staleness("IB Gateway has lost its connection to IB (1100)", health.IbConnectivityLostSince);
        }

        if (DataFarms.BrokenFeed(health, isOption) is { } farm)
        {
            return new Staleness($"market-data farm {farm.Name} is broken ({farm.Code})", farm.At);
        }

        if (competingSince is { } since)
        {
            return new Staleness("no market data during a competing live session (10197)", since);
        }

        if (lastTick is { } tick && now - tick > staleAfter)
        {
            return new Staleness($"no tick for over {staleAfter.TotalSeconds:0.#}s", tick);
        }

        return null;
    }
}
