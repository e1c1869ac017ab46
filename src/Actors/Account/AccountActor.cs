using System.Collections.Immutable;
using Akka.Actor;
using WheelStrat.Actors.Diagnostics;
using WheelStrat.Actors.Gateway;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Actors.Gateway.Requests;
using WheelStrat.Actors.Replies;
using static WheelStrat.Actors.Gateway.GatewayProtocol;

namespace WheelStrat.Actors.Account;

public sealed record PositionView(string Account, int ConId, string Symbol, string SecType, string? Expiration, double? Strike, string? Right, decimal Quantity, double AvgCost);

public sealed record PositionsView(IReadOnlyList<PositionView> Positions, DateTimeOffset? AsOf, bool Stale);

public sealed record AccountView(string? Account, IReadOnlyDictionary<string, decimal> Values, string Currency, DateTimeOffset? AsOf, bool Stale);

public static class AccountProtocol
{
    public sealed record GetPositions(NotAfter NotAfter) : IAsk<Answer<PositionsView>>;

    public sealed record GetAccount(NotAfter NotAfter) : IAsk<Answer<AccountView>>;
}

/// <summary>
/// /user/account: positions and the account summary kept warm (requested on every connect and after a
/// data loss), answered from state with an asOf and a stale flag — never by waiting on IB. IB pushes summary
/// changes only every few minutes, so a live fill asks for a fresh summary (one for a burst), and until it
/// arrives the account says stale.
/// </summary>
public sealed class AccountActor : ObservedActor, IWithTimers
{
    private const string AfterFillKey = "after-fill";

    /// <summary>A burst of fills (one order's partial fills) makes one refresh.</summary>
    private static readonly TimeSpan AfterFillDelay = TimeSpan.FromMilliseconds(300);

    public const string Tags = "NetLiquidation,BuyingPower,AvailableFunds,ExcessLiquidity,TotalCashValue,GrossPositionValue,InitMarginReq,MaintMarginReq";

    private readonly IActorRef _gateway;
    private SessionWatch _session = null!;
    private readonly GatewayHealthBoard _health;
    private readonly TimeProvider _time;
    private ImmutableDictionary<int, PositionView> _positions = ImmutableDictionary<int, PositionView>.Empty;
    private ImmutableDictionary<int, PositionView> _incoming = ImmutableDictionary<int, PositionView>.Empty;
    private ImmutableDictionary<string, decimal> _values = ImmutableDictionary<string, decimal>.Empty;
    private string? _account;
    private string _currency = "USD";
    private DateTimeOffset? _positionsAt;
    private DateTimeOffset? _valuesAt;

    /// <summary>The reqAccountSummary child: IB pushes changes to it every few minutes after the first answer.</summary>
    private IActorRef? _summary;
    private DateTimeOffset? _filledAt;

    public AccountActor(IActorRef gateway, GatewayHealthBoard health, TimeProvider time)
    {
        _gateway = gateway;
        _health = health;
        _time = time;

        Receive<GatewayConnected>(m =>
        {
            if (_session.IsNew(m))
            {
                Refresh();
            }
        });
        Receive<ResubscribeNeeded>(m =>
        {
            if (m.Reason != ResubscribeReason.MarketDataFarmRestored)
            {
                Refresh();
            }
        });
        Receive<IbRequestProtocol.SubscriptionOpened>(_ => { });
        // Never sent: the next connect, data loss or fill asks again.
        Receive<IbRequestProtocol.RequestFailed>(_ => Sender.Equals(_summary), _ => _summary = null);
        Receive<Position>(OnPosition);
        Receive<PositionEnd>(_ =>
        {
            _positions = _incoming;
            _positionsAt = _time.GetUtcNow();
        });
        Receive<AccountSummary>(OnSummary);
        Receive<AccountSummaryEnd>(_ => _valuesAt = _time.GetUtcNow());
        Receive<ExecDetails>(_ =>
        {
            _filledAt = _time.GetUtcNow();
            Timers.StartSingleTimer(AfterFillKey, RefreshSummary.Instance, AfterFillDelay);
        });
        Receive<RefreshSummary>(_ => RequestSummary());
        Receive<AccountProtocol.GetPositions>(m =>
        {
            if (!Sender.AnsweredLate(m, _time.GetUtcNow()))
            {
                Sender.Tell(new Answer<PositionsView>.Value(new PositionsView(
                    [.. _positions.Values.OrderBy(p => p.Symbol).ThenBy(p => p.Expiration)], _positionsAt, !_health.Current.Connected)));
            }
        });
        Receive<AccountProtocol.GetAccount>(m =>
        {
            if (!Sender.AnsweredLate(m, _time.GetUtcNow()))
            {
                Sender.Tell(new Answer<AccountView>.Value(new AccountView(_account, _values, _currency, _valuesAt,
                    !_health.Current.Connected || _filledAt > _valuesAt)));
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override string Kind => "account";

    protected override void PreStart()
    {
        _session = SessionWatch.Start(Context, _gateway);
        foreach (var type in new[] { typeof(ResubscribeNeeded), typeof(Position), typeof(PositionEnd), typeof(ExecDetails) })
        {
            Context.System.EventStream.Subscribe(Self, type);
        }

        base.PreStart();
    }

    private void Refresh()
    {
        _incoming = ImmutableDictionary<int, PositionView>.Empty;
        _gateway.Tell(new SendRequest(new ReqPositions()));
        RequestSummary();
    }

    private void RequestSummary()
    {
        // The old subscription stops, so it is cancelled at IB unless its session ended with it.
        if (_summary is { } old)
        {
            Context.Stop(old);
        }

        _summary = Context.ActorOf(IbRequests.Subscribe(_gateway, new AccountSummaryRequest("All", Tags)));
        ReportState("refreshing");
    }

    private void OnPosition(Position p)
    {
        var c = p.Contract;
        var isOption = c.SecType is "OPT" or "FOP";
        var view = new PositionView(p.Account, c.ConId, c.Symbol, c.SecType, isOption ? c.LastTradeDateOrContractMonth : null,
            isOption ? c.Strike : null, isOption ? c.Right : null, p.Pos ?? 0, p.AvgCost);
        _incoming = view.Quantity == 0 ? _incoming.Remove(c.ConId) : _incoming.SetItem(c.ConId, view);
        if (_positionsAt is not null)
        {
            // After the first full answer, IB pushes single changes: apply them as they come.
            _positions = view.Quantity == 0 ? _positions.Remove(c.ConId) : _positions.SetItem(c.ConId, view);
        }
    }

    private void OnSummary(AccountSummary s)
    {
        if (decimal.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            _values = _values.SetItem(s.Tag, value);
            _account = s.Account;
            _currency = s.Currency.Length > 0 ? s.Currency : _currency;
            _valuesAt = _time.GetUtcNow();
            ReportState("warm");
        }
    }

    private sealed record RefreshSummary { public static readonly RefreshSummary Instance = new(); }
}
