namespace WheelStrat.Actors.History.Store;

/// <summary>One stream of bars in the store: a contract (by conId) sampled one way.</summary>
public sealed record BarSeries(int ConId, string BarSize, string WhatToShow, bool UseRth)
{
    public override string ToString() => $"{ConId}|{BarSize}|{WhatToShow}|{(UseRth ? "RTH" : "ALL")}";
}
