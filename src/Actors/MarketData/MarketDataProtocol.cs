using System.Diagnostics;
using WheelStrat.Actors.Replies;
using WheelStrat.Actors.Contracts;

namespace WheelStrat.Actors.MarketData;

public static class MarketDataProtocol
{
    /// <summary>
    /// A quote; waits for a complete snapshot at most MarketData's quote wait and never past <paramref name="NotAfter"/>,
    /// then answers what there is.
    /// </summary>
    public sealed record GetQuote(ContractSpec Spec, NotAfter NotAfter) : IAsk<QuoteReply>;

    /// <summary>The answer to <see cref="GetQuote"/>.</summary>
    public abstract record QuoteReply : IClosedReply<QuoteReply>
    {
        private QuoteReply()
        {
        }

        public static QuoteReply Failing(Failed failed) => new Failure(failed);

        public T Match<T>(Func<Quoted, T> quoted, Func<Failure, T> failure) => this switch
        {
            Quoted q => quoted(q),
            Failure f => failure(f),
            _ => throw new UnreachableException(),
        };

        /// <summary>The snapshot: complete, or what the line had once it settled or by the deadline.</summary>
        public sealed record Quoted(QuoteSnapshot Quote) : QuoteReply;

        /// <summary>No quote: the line could not be opened (contract unknown, no line free, no session) or was released.</summary>
        public sealed record Failure(Failed Reason) : QuoteReply;
    }

    /// <summary>How many lines are open, and for which instruments (least recently used first).</summary>
    public sealed record GetLines { public static readonly GetLines Instance = new(); }

    public sealed record Lines(int Max, IReadOnlyList<string> Keys, bool DelayedData);

    /// <summary>
    /// The sender watches this instrument's line: once IB knows the contract it gets <see cref="QuotesSubscribed"/>
    /// (from the line itself), then a <see cref="QuoteUpdate"/> at most once per MarketData:StreamInterval while the
    /// quote changes, until it stops; or <see cref="QuotesRefused"/>.
    /// </summary>
    public sealed record SubscribeQuotes(ContractSpec Spec);

    public sealed record QuotesSubscribed(string Key);

    /// <summary>No line for this key: IB does not know the contract, or every line is held by streams.</summary>
    public sealed record QuotesRefused(string Key, Replies.Failed Failure);

    public sealed record QuoteUpdate(QuoteSnapshot Quote);

    /// <summary>The line was released (IB refused it, or its contract is gone): no more updates for this key.</summary>
    public sealed record QuoteLineClosed(string Key, string Reason);

    /// <summary>A line gained its first subscriber or lost its last: a streamed line is never evicted for the cap.</summary>
    internal sealed record LineStreamed(string Key, bool Streamed);

    // ---- between the manager and its instrument actors ---------------------------------

    /// <summary>IB refused live data (10089/354/10168): the session should switch to delayed data.</summary>
    internal sealed record NeedDelayedData(string Key);

    /// <summary>reqMarketDataType(3) has been sent; request the line again.</summary>
    internal sealed record DelayedDataEnabled { public static readonly DelayedDataEnabled Instance = new(); }

    /// <summary>IB says all lines are taken (101): free the least recently used one.</summary>
    internal sealed record LinesExhausted(string Key);

    /// <summary>Request the line again (after a reconnect, 1101 or a farm blip): the old request may be dead at IB.</summary>
    internal sealed record Resubscribe { public static readonly Resubscribe Instance = new(); }
}
