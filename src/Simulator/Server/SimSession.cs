using System.Threading.Channels;
using WheelStrat.Tws.Connection;
using WheelStrat.Tws.Messages;

namespace WheelStrat.Simulator.Server;

/// <summary>One API client connected to the paper gateway.</summary>
internal sealed class SimSession : IAsyncDisposable
{
    private readonly TwsServerSession _wire;
    private readonly Channel<ITwsReply> _outbox = Channel.CreateUnbounded<ITwsReply>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<int> _delayMs;

    public SimSession(int id, TwsServerSession wire, Func<int> delayMs)
    {
        Id = id;
        _wire = wire;
        _delayMs = delayMs;
        _ = Task.Run(PumpAsync);
    }

    public int Id { get; }

    public int? ClientId { get; set; }

    /// <summary>reqMarketDataType: 1 live, 2 frozen, 3 delayed, 4 delayed-frozen.</summary>
    public int MarketDataType { get; set; } = 1;

    /// <summary>reqPositions was sent: position changes are pushed, as IB does.</summary>
    public bool PositionsSubscribed { get; set; }

    /// <summary>The messages this client sent in the last second (IB's 50/s limit).</summary>
    public MessageRateWindow Rate { get; } = new();

    /// <summary>Closed for exceeding the message rate: frames already read are ignored.</summary>
    public bool OverRate { get; set; }

    /// <summary>reqId → the instrument it streams (conId).</summary>
    public Dictionary<int, int> Subscriptions { get; } = [];

    /// <summary>History requests the HMDS farm swallowed while down: never answered; cancelHistoricalData ends one.</summary>
    public HashSet<int> UnansweredHistory { get; } = [];

    public Task Completion => _wire.Completion;

    public bool IsOpen => _wire.IsOpen;

    public TwsServerSession Wire => _wire;

    public void Send(ITwsReply reply) => _outbox.Writer.TryWrite(reply);

    public void SendRaw(byte[] bytes) => _wire.TrySendRaw(bytes);

    public void Close() => _wire.Close();

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _wire.DisposeAsync();
    }

    /// <summary>Keeps reply order while letting "slow replies" delay each one.</summary>
    private async Task PumpAsync()
    {
        await foreach (var reply in _outbox.Reader.ReadAllAsync())
        {
            var delay = _delayMs();
            if (delay > 0)
            {
                await Task.Delay(delay);
            }

            _wire.TrySend(reply);
        }
    }
}
