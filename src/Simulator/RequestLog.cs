using System.Collections.Concurrent;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Simulator;

/// <summary>One request as it reached the simulator.</summary>
public sealed record LoggedRequest(long Sequence, int SessionId, int? ClientId, DateTimeOffset At, ITwsRequest Request);

/// <summary>Every decoded request from every session, in arrival order — what tests assert on.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _entries = new();
    private long _sequence;

    public IReadOnlyList<LoggedRequest> Entries => [.. _entries];

    internal void Add(int sessionId, int? clientId, DateTimeOffset at, ITwsRequest request) =>
        _entries.Enqueue(new LoggedRequest(Interlocked.Increment(ref _sequence), sessionId, clientId, at, request));

    public IReadOnlyList<T> Of<T>() where T : ITwsRequest => [.. _entries.Select(e => e.Request).OfType<T>()];

    /// <summary>reqMktData for a symbol (stock or its options when <paramref name="secType"/> is given).</summary>
    public int MarketDataRequests(string symbol, string secType = "STK") =>
        Of<ReqMktData>().Count(r => r.Contract.Symbol == symbol && r.Contract.SecType == secType);

    public IReadOnlyList<PlaceOrder> PlaceOrdersWithRef(string orderRef) => [.. Of<PlaceOrder>().Where(p => p.Order.OrderRef == orderRef)];

    public int Count => _entries.Count;

    public void Clear()
    {
        while (_entries.TryDequeue(out _))
        {
        }
    }
}
