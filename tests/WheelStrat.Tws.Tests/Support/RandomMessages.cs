using System.Reflection;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;

namespace WheelStrat.Tws.Tests.Support;

/// <summary>
/// Builds a random instance of any message record by reflection (constructor arguments, then every
/// init-only property), then applies the protocol's own rules for fields that a given message does
/// not carry or carries only under a condition. Those rules are restated here from IB's field lists,
/// independently of the codec, so a codec that drops or shifts a field fails the round trip.
/// </summary>
public static class RandomMessages
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:-_/+()";

    public static IEnumerable<Type> RequestTypes => MessageTypes(typeof(ITwsRequest));

    public static IEnumerable<Type> ReplyTypes => MessageTypes(typeof(ITwsReply));

    public static ITwsMessage Create(Type type, int seed)
    {
        var rnd = new Random(seed);
        var message = (ITwsMessage)Build(type, rnd, depth: 0)!;
        return Normalize(message, rnd);
    }

    private static IEnumerable<Type> MessageTypes(Type iface) =>
        typeof(ITwsMessage).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && iface.IsAssignableFrom(t) && t != typeof(UnknownMessage) && t != typeof(UndecodableMessage))
            .OrderBy(t => t.Name);

    private static object? Build(Type type, Random rnd, int depth)
    {
        if (type == typeof(int))
        {
            return RandomInt(rnd);
        }

        if (type == typeof(int?))
        {
            return rnd.Next(5) == 0 ? null : RandomInt(rnd);
        }

        if (type == typeof(long))
        {
            return rnd.NextInt64(-1, long.MaxValue / 2);
        }

        if (type == typeof(double))
        {
            return RandomDouble(rnd);
        }

        if (type == typeof(double?))
        {
            return rnd.Next(5) == 0 ? null : RandomDouble(rnd);
        }

        if (type == typeof(decimal?))
        {
            return rnd.Next(5) == 0 ? null : Math.Round((decimal)(rnd.NextDouble() * 100_000), rnd.Next(0, 5));
        }

        if (type == typeof(bool))
        {
            return rnd.Next(2) == 1;
        }

        if (type == typeof(bool?))
        {
            return rnd.Next(3) switch { 0 => null, 1 => true, _ => false };
        }

        if (type == typeof(string))
        {
            return RandomString(rnd);
        }

        if (type == typeof(DeltaNeutralContract))
        {
            return rnd.Next(2) == 0 ? null : new DeltaNeutralContract(RandomInt(rnd), RandomDouble(rnd), RandomDouble(rnd));
        }

        if (type == typeof(OrderCondition))
        {
            var kind = new[] { 1, 3, 4, 5, 6, 7 }[rnd.Next(6)];
            return new OrderCondition(kind, Enumerable.Range(0, OrderCondition.FieldCount(kind)).Select(_ => RandomString(rnd)).ToArray());
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableList<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = Array.CreateInstance(element, rnd.Next(0, depth > 1 ? 2 : 5));
            for (var i = 0; i < items.Length; i++)
            {
                items.SetValue(Build(element, rnd, depth + 1), i);
            }

            return Activator.CreateInstance(type, items);
        }

        return BuildRecord(type, rnd, depth);
    }

    private static object BuildRecord(Type type, Random rnd, int depth)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = ctor.GetParameters();
        var instance = ctor.Invoke(parameters.Select(p => Build(p.ParameterType, rnd, depth + 1)).ToArray());
        var fromCtor = parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && !fromCtor.Contains(property.Name))
            {
                property.SetValue(instance, Build(property.PropertyType, rnd, depth + 1));
            }
        }

        return instance;
    }

    private static int RandomInt(Random rnd) => rnd.Next(4) switch
    {
        0 => rnd.Next(-5, 5),
        1 => rnd.Next(0, 1000),
        _ => rnd.Next(int.MinValue, int.MaxValue), // never int.MaxValue: that is IB's "unset"
    };

    private static double RandomDouble(Random rnd)
    {
        // -1 and -2 are IB's "not computed" markers in tickOptionComputation.
        double v;
        do
        {
            v = rnd.Next(3) switch
            {
                0 => Math.Round(rnd.NextDouble() * 1000, rnd.Next(0, 5)),
                1 => (rnd.NextDouble() - 0.5) * Math.Pow(10, rnd.Next(-8, 12)),
                _ => rnd.Next(-100, 100),
            };
        }
        while (v is -1 or -2);

        return v;
    }

    private static string RandomString(Random rnd)
    {
        var length = rnd.Next(4) == 0 ? 0 : rnd.Next(1, 16);
        return string.Create(length, rnd, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    private static ITwsMessage Normalize(ITwsMessage message, Random rnd) => message switch
    {
        ReqMktData m => m with { Contract = ContractWithSecType(m.Contract, rnd) },
        ReqHistoricalData m => m with { Contract = ContractWithSecType(m.Contract, rnd) },
        PlaceOrder m => NormalizePlaceOrder(m, rnd),
        OpenOrder m => NormalizeOpenOrder(m, rnd),
        CompletedOrder m => NormalizeCompletedOrder(m, rnd),
        ExecDetails m => m with { Contract = m.Contract with { PrimaryExchange = "" } },
        Position m => m with { Contract = m.Contract with { PrimaryExchange = "" } },
        UpdatePortfolio m => m with { Contract = m.Contract with { Exchange = "" } },
        _ => message,
    };

    private static Contract ContractWithSecType(Contract c, Random rnd) =>
        c with { SecType = new[] { "STK", "OPT", "BAG", "FUT", c.SecType }[rnd.Next(5)] };

    private static PlaceOrder NormalizePlaceOrder(PlaceOrder m, Random rnd)
    {
        var contract = ContractWithSecType(m.Contract, rnd) with
        {
            Exchange = new[] { "SMART", "IBKRATS", "CBOE", m.Contract.Exchange }[rnd.Next(4)],
        };
        var o = WithoutCompletedOrderFields(ApplyConditionalRules(RandomOrderType(m.Order, rnd))) with
        {
            // Set by the server; placeOrder does not carry them.
            ClientId = 0,
            PermId = 0,
            BasisPoints = null,
            BasisPointsType = null,
            SoftDollarTierDisplayName = "",
        };
        if (contract.Exchange != "IBKRATS")
        {
            o = o with { MinTradeQty = null };
        }

        var isPegBest = o.OrderType == "PEG BEST";
        var midOffsets = o.OrderType == "PEG MID" || (isPegBest && o.CompeteAgainstBestOffset is double.PositiveInfinity);
        if (!isPegBest)
        {
            o = o with { MinCompeteSize = null, CompeteAgainstBestOffset = null };
        }

        if (!midOffsets)
        {
            o = o with { MidOffsetAtWhole = null, MidOffsetAtHalf = null };
        }

        return m with { Contract = contract, Order = o };
    }

    private static OpenOrder NormalizeOpenOrder(OpenOrder m, Random rnd)
    {
        var o = WithoutCompletedOrderFields(ApplyConditionalRules(RandomOrderType(m.Order, rnd))) with
        {
            // placeOrder-only fields: openOrder at 178 does not return them.
            Transmit = true,
            OverridePercentageConstraints = false,
            ScaleTable = "",
            ActiveStartTime = "",
            ActiveStopTime = "",
            AlgoId = "",
            OrderMiscOptions = EquatableList<TagValue>.Empty,
            ExtOperator = "",
            Mifid2DecisionMaker = "",
            Mifid2DecisionAlgo = "",
            Mifid2ExecutionTrader = "",
            Mifid2ExecutionAlgo = "",
            AdvancedErrorOverride = "",
            ManualOrderTime = "",
        };
        return m with { Contract = m.Contract with { PrimaryExchange = "" }, Order = o, State = m.State with { CompletedTime = "", CompletedStatus = "" } };
    }

    private static CompletedOrder NormalizeCompletedOrder(CompletedOrder m, Random rnd)
    {
        var d = new Order();
        var o = ApplyConditionalRules(RandomOrderType(m.Order, rnd)) with
        {
            // EDecoder.processCompletedOrderMsg reads none of these at 178.
            ClientId = d.ClientId,
            Transmit = d.Transmit,
            ParentId = d.ParentId,
            BlockOrder = d.BlockOrder,
            AuctionStrategy = d.AuctionStrategy,
            OverridePercentageConstraints = d.OverridePercentageConstraints,
            DeltaNeutralSettlingFirm = d.DeltaNeutralSettlingFirm,
            DeltaNeutralClearingAccount = d.DeltaNeutralClearingAccount,
            DeltaNeutralClearingIntent = d.DeltaNeutralClearingIntent,
            DeltaNeutralOpenClose = d.DeltaNeutralOpenClose,
            BasisPoints = d.BasisPoints,
            BasisPointsType = d.BasisPointsType,
            ScaleTable = d.ScaleTable,
            ActiveStartTime = d.ActiveStartTime,
            ActiveStopTime = d.ActiveStopTime,
            OptOutSmartRouting = d.OptOutSmartRouting,
            AlgoId = d.AlgoId,
            WhatIf = d.WhatIf,
            OrderMiscOptions = d.OrderMiscOptions,
            AdjustedOrderType = d.AdjustedOrderType,
            TriggerPrice = d.TriggerPrice,
            AdjustedStopPrice = d.AdjustedStopPrice,
            AdjustedStopLimitPrice = d.AdjustedStopLimitPrice,
            AdjustedTrailingAmount = d.AdjustedTrailingAmount,
            AdjustableTrailingUnit = d.AdjustableTrailingUnit,
            ExtOperator = d.ExtOperator,
            SoftDollarTierName = d.SoftDollarTierName,
            SoftDollarTierValue = d.SoftDollarTierValue,
            SoftDollarTierDisplayName = d.SoftDollarTierDisplayName,
            Mifid2DecisionMaker = d.Mifid2DecisionMaker,
            Mifid2DecisionAlgo = d.Mifid2DecisionAlgo,
            Mifid2ExecutionTrader = d.Mifid2ExecutionTrader,
            Mifid2ExecutionAlgo = d.Mifid2ExecutionAlgo,
            DiscretionaryUpToLimitPrice = d.DiscretionaryUpToLimitPrice,
            UsePriceMgmtAlgo = d.UsePriceMgmtAlgo,
            Duration = d.Duration,
            PostToAts = d.PostToAts,
            AdvancedErrorOverride = d.AdvancedErrorOverride,
            ManualOrderTime = d.ManualOrderTime,
        };

        // Of the state, only the status and the two completion fields travel.
        var state = new OrderState { Status = m.State.Status, CompletedTime = m.State.CompletedTime, CompletedStatus = m.State.CompletedStatus };
        return m with { Contract = m.Contract with { PrimaryExchange = "" }, Order = o, State = state };
    }

    /// <summary>Fields only completedOrder carries.</summary>
    private static Order WithoutCompletedOrderFields(Order o)
    {
        var d = new Order();
        return o with
        {
            AutoCancelDate = d.AutoCancelDate,
            FilledQuantity = d.FilledQuantity,
            RefFuturesConId = d.RefFuturesConId,
            Shareholder = d.Shareholder,
            ImbalanceOnly = d.ImbalanceOnly,
            RouteMarketableToBbo = d.RouteMarketableToBbo,
            ParentPermId = d.ParentPermId,
        };
    }

    private static Order RandomOrderType(Order o, Random rnd)
    {
        var type = new[] { "LMT", "MKT", "PEG BENCH", "PEG BEST", "PEG MID", o.OrderType }[rnd.Next(6)];
        var compete = type == "PEG BEST" && rnd.Next(2) == 0 ? double.PositiveInfinity : o.CompeteAgainstBestOffset;
        var scaleIncrement = rnd.Next(3) == 0 ? 0.5 : o.ScalePriceIncrement;
        return o with { OrderType = type, CompeteAgainstBestOffset = compete, ScalePriceIncrement = scaleIncrement };
    }

    /// <summary>Fields that both order messages send only under a condition on another field.</summary>
    private static Order ApplyConditionalRules(Order o)
    {
        var d = new Order();
        if (o.DeltaNeutralOrderType.Length == 0)
        {
            o = o with
            {
                DeltaNeutralConId = d.DeltaNeutralConId,
                DeltaNeutralSettlingFirm = d.DeltaNeutralSettlingFirm,
                DeltaNeutralClearingAccount = d.DeltaNeutralClearingAccount,
                DeltaNeutralClearingIntent = d.DeltaNeutralClearingIntent,
                DeltaNeutralOpenClose = d.DeltaNeutralOpenClose,
                DeltaNeutralShortSale = d.DeltaNeutralShortSale,
                DeltaNeutralShortSaleSlot = d.DeltaNeutralShortSaleSlot,
                DeltaNeutralDesignatedLocation = d.DeltaNeutralDesignatedLocation,
            };
        }

        if (o.ScalePriceIncrement is not (> 0 and < double.MaxValue))
        {
            o = o with
            {
                ScalePriceAdjustValue = null,
                ScalePriceAdjustInterval = null,
                ScaleProfitOffset = null,
                ScaleAutoReset = false,
                ScaleInitPosition = null,
                ScaleInitFillQty = null,
                ScaleRandomPercent = false,
            };
        }

        if (o.HedgeType.Length == 0)
        {
            o = o with { HedgeParam = "" };
        }

        if (o.AlgoStrategy.Length == 0)
        {
            o = o with { AlgoParams = EquatableList<TagValue>.Empty };
        }

        if (o.OrderType != "PEG BENCH")
        {
            o = o with
            {
                ReferenceContractId = 0,
                IsPeggedChangeAmountDecrease = false,
                PeggedChangeAmount = 0,
                ReferenceChangeAmount = 0,
                ReferenceExchangeId = "",
            };
        }

        if (o.Conditions.Count == 0)
        {
            o = o with { ConditionsIgnoreRth = false, ConditionsCancelOrder = false };
        }

        return o;
    }
}
