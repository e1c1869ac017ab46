namespace WheelStrat.Tws.Messages;

/// <summary>
/// An IB order with every field that placeOrder carries at server version 178, named as in IB's API.
/// Unset numbers are null and travel as empty fields. Defaults are those of a plain LMT/MKT order.
/// The bridge sets a handful of these; the rest exist so that a server decoding another client's
/// placeOrder keeps every field in step.
/// </summary>
public sealed record Order
{
    public string Action { get; init; } = "";
    public decimal? TotalQuantity { get; init; }
    public string OrderType { get; init; } = "";
    public double? LmtPrice { get; init; }
    public double? AuxPrice { get; init; }
    public string Tif { get; init; } = "";
    public string OcaGroup { get; init; } = "";
    public string Account { get; init; } = "";
    public string OpenClose { get; init; } = "";
    public int Origin { get; init; }
    public string OrderRef { get; init; } = "";
    public bool Transmit { get; init; } = true;
    public int ParentId { get; init; }
    public bool BlockOrder { get; init; }
    public bool SweepToFill { get; init; }
    public int? DisplaySize { get; init; } = 0;
    public int TriggerMethod { get; init; }
    public bool OutsideRth { get; init; }
    public bool Hidden { get; init; }
    public double? DiscretionaryAmt { get; init; }
    public string GoodAfterTime { get; init; } = "";
    public string GoodTillDate { get; init; } = "";
    public string FaGroup { get; init; } = "";
    public string FaMethod { get; init; } = "";
    public string FaPercentage { get; init; } = "";
    public string ModelCode { get; init; } = "";
    public int ShortSaleSlot { get; init; }
    public string DesignatedLocation { get; init; } = "";
    public int ExemptCode { get; init; } = -1;
    public int OcaType { get; init; }
    public string Rule80A { get; init; } = "";
    public string SettlingFirm { get; init; } = "";
    public bool AllOrNone { get; init; }
    public int? MinQty { get; init; }
    public double? PercentOffset { get; init; }
    public int AuctionStrategy { get; init; }
    public double? StartingPrice { get; init; }
    public double? StockRefPrice { get; init; }
    public double? Delta { get; init; }
    public double? StockRangeLower { get; init; }
    public double? StockRangeUpper { get; init; }
    public bool OverridePercentageConstraints { get; init; }
    public double? Volatility { get; init; }
    public int? VolatilityType { get; init; }
    public string DeltaNeutralOrderType { get; init; } = "";
    public double? DeltaNeutralAuxPrice { get; init; }
    public int DeltaNeutralConId { get; init; }
    public string DeltaNeutralSettlingFirm { get; init; } = "";
    public string DeltaNeutralClearingAccount { get; init; } = "";
    public string DeltaNeutralClearingIntent { get; init; } = "";
    public string DeltaNeutralOpenClose { get; init; } = "";
    public bool DeltaNeutralShortSale { get; init; }
    public int DeltaNeutralShortSaleSlot { get; init; }
    public string DeltaNeutralDesignatedLocation { get; init; } = "";
    public bool ContinuousUpdate { get; init; }
    public int? ReferencePriceType { get; init; }
    public double? TrailStopPrice { get; init; }
    public double? TrailingPercent { get; init; }
    public int? ScaleInitLevelSize { get; init; }
    public int? ScaleSubsLevelSize { get; init; }
    public double? ScalePriceIncrement { get; init; }
    public double? ScalePriceAdjustValue { get; init; }
    public int? ScalePriceAdjustInterval { get; init; }
    public double? ScaleProfitOffset { get; init; }
    public bool ScaleAutoReset { get; init; }
    public int? ScaleInitPosition { get; init; }
    public int? ScaleInitFillQty { get; init; }
    public bool ScaleRandomPercent { get; init; }
    public string ScaleTable { get; init; } = "";
    public string ActiveStartTime { get; init; } = "";
    public string ActiveStopTime { get; init; } = "";
    public string HedgeType { get; init; } = "";
    public string HedgeParam { get; init; } = "";
    public bool OptOutSmartRouting { get; init; }
    public string ClearingAccount { get; init; } = "";
    public string ClearingIntent { get; init; } = "";
    public bool NotHeld { get; init; }
    /// <summary>Belongs to IB's Contract; carried here because only orders use it.</summary>
    public DeltaNeutralContract? DeltaNeutralContract { get; init; }
    public string AlgoStrategy { get; init; } = "";
    public EquatableList<TagValue> AlgoParams { get; init; } = EquatableList<TagValue>.Empty;
    public string AlgoId { get; init; } = "";
    public bool WhatIf { get; init; }
    public EquatableList<TagValue> OrderMiscOptions { get; init; } = EquatableList<TagValue>.Empty;
    public bool Solicited { get; init; }
    public bool RandomizeSize { get; init; }
    public bool RandomizePrice { get; init; }
    public int ReferenceContractId { get; init; }
    public bool IsPeggedChangeAmountDecrease { get; init; }
    public double PeggedChangeAmount { get; init; }
    public double ReferenceChangeAmount { get; init; }
    public string ReferenceExchangeId { get; init; } = "";
    public EquatableList<OrderCondition> Conditions { get; init; } = EquatableList<OrderCondition>.Empty;
    public bool ConditionsIgnoreRth { get; init; }
    public bool ConditionsCancelOrder { get; init; }
    public string AdjustedOrderType { get; init; } = "";
    public double? TriggerPrice { get; init; }
    public double? LmtPriceOffset { get; init; }
    public double? AdjustedStopPrice { get; init; }
    public double? AdjustedStopLimitPrice { get; init; }
    public double? AdjustedTrailingAmount { get; init; }
    public int AdjustableTrailingUnit { get; init; }
    public string ExtOperator { get; init; } = "";
    public string SoftDollarTierName { get; init; } = "";
    public string SoftDollarTierValue { get; init; } = "";
    public double? CashQty { get; init; }
    public string Mifid2DecisionMaker { get; init; } = "";
    public string Mifid2DecisionAlgo { get; init; } = "";
    public string Mifid2ExecutionTrader { get; init; } = "";
    public string Mifid2ExecutionAlgo { get; init; } = "";
    public bool DontUseAutoPriceForHedge { get; init; }
    public bool IsOmsContainer { get; init; }
    public bool DiscretionaryUpToLimitPrice { get; init; }
    public bool? UsePriceMgmtAlgo { get; init; }
    public int? Duration { get; init; }
    public int? PostToAts { get; init; }
    public bool AutoCancelParent { get; init; }
    public string AdvancedErrorOverride { get; init; } = "";
    public string ManualOrderTime { get; init; } = "";
    public int? MinTradeQty { get; init; }
    public int? MinCompeteSize { get; init; }
    public double? CompeteAgainstBestOffset { get; init; }
    public double? MidOffsetAtWhole { get; init; }
    public double? MidOffsetAtHalf { get; init; }

    // Only in openOrder (set by the server).
    public int ClientId { get; init; }
    public long PermId { get; init; }
    public double? BasisPoints { get; init; }
    public int? BasisPointsType { get; init; }
    public string SoftDollarTierDisplayName { get; init; } = "";

    // Only in completedOrder (set by the server).
    public string AutoCancelDate { get; init; } = "";
    /// <summary>What IB filled of the order; the completed order's own account of its fills.</summary>
    public decimal? FilledQuantity { get; init; }
    public int RefFuturesConId { get; init; }
    public string Shareholder { get; init; } = "";
    public bool ImbalanceOnly { get; init; }
    public bool RouteMarketableToBbo { get; init; }
    public long ParentPermId { get; init; }

    public static Order Limit(string action, decimal quantity, double limitPrice, string tif = "DAY") =>
        new() { Action = action, TotalQuantity = quantity, OrderType = "LMT", LmtPrice = limitPrice, Tif = tif };

    public static Order Market(string action, decimal quantity, string tif = "DAY") =>
        new() { Action = action, TotalQuantity = quantity, OrderType = "MKT", Tif = tif };
}

/// <summary>The state part of openOrder (status, what-if margins and commissions) and of completedOrder.</summary>
public sealed record OrderState
{
    public string Status { get; init; } = "";
    public string InitMarginBefore { get; init; } = "";
    public string MaintMarginBefore { get; init; } = "";
    public string EquityWithLoanBefore { get; init; } = "";
    public string InitMarginChange { get; init; } = "";
    public string MaintMarginChange { get; init; } = "";
    public string EquityWithLoanChange { get; init; } = "";
    public string InitMarginAfter { get; init; } = "";
    public string MaintMarginAfter { get; init; } = "";
    public string EquityWithLoanAfter { get; init; } = "";
    public double? Commission { get; init; }
    public double? MinCommission { get; init; }
    public double? MaxCommission { get; init; }
    public string CommissionCurrency { get; init; } = "";
    public string WarningText { get; init; } = "";

    // Only in completedOrder: when and how the order ended, as IB words it (free text).
    public string CompletedTime { get; init; } = "";
    public string CompletedStatus { get; init; } = "";
}

/// <summary>
/// One order condition, kept as its type and raw fields. The field count depends on the type
/// (IB's OrderCondition subclasses); the bridge never sets conditions but must step over them.
/// </summary>
public sealed record OrderCondition(int Type, EquatableList<string> Fields)
{
    /// <summary>Fields after the type id: conjunction; operator conditions add isMore, value;
    /// contract conditions add conId, exchange; price adds triggerMethod; execution adds secType, exchange, symbol.</summary>
    public static int FieldCount(int type) => type switch
    {
        1 => 6, // price
        3 or 4 => 3, // time, margin
        5 => 4, // execution
        6 or 7 => 5, // volume, percent change
        _ => -1,
    };
}
